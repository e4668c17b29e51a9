package io.leakscope.analysis.report;

import static io.leakscope.analysis.report.ReportFixtures.dominator;
import static io.leakscope.analysis.report.ReportFixtures.histogram;
import static io.leakscope.analysis.report.ReportFixtures.report;
import static io.leakscope.analysis.report.ReportFixtures.suspect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TextReportWriterTest {

  @Test
  void headerSaysWhichByteUnitsAreUsed() throws IOException {
    String text = write(report(histogram(1), List.of(), List.of()));

    assertThat(text.lines().findFirst())
        .hasValueSatisfying(l -> assertThat(l).contains("1 KB = 1024 bytes"));
  }

  @Test
  void summaryNamesTheDumpItsCountsAndInferredLayout() throws IOException {
    String text = write(report(histogram(1), List.of(), List.of()));

    assertThat(text)
        .contains("file       /tmp/service.hprof")
        .contains("size       1.4 GB on disk")
        .contains("JAVA PROFILE 1.0.2, 8-byte ids, taken 2023-11-14T22:13:20Z")
        .contains("objects    12,345,678 (11,000,000 reachable, 1,345,678 unreachable: 45.0 MB)")
        .contains("classes    5,432 in the dump, 1 with instances")
        .contains("GC roots   3,210")
        .contains("compressed oops, compressed class pointers, 8-byte alignment")
        .contains("heap size  1.2 GB");
  }

  @Test
  void bytesUseBinaryUnitsWithOneDecimal() {
    assertThat(TextReportWriter.bytes(0)).isEqualTo("0 B");
    assertThat(TextReportWriter.bytes(1023)).isEqualTo("1023 B");
    assertThat(TextReportWriter.bytes(1024)).isEqualTo("1.0 KB");
    assertThat(TextReportWriter.bytes(544_768)).isEqualTo("532.0 KB");
    assertThat(TextReportWriter.bytes(1_048_575)).isEqualTo("1.0 MB");
    assertThat(TextReportWriter.bytes(1_503_238_553L)).isEqualTo("1.4 GB");
    assertThat(TextReportWriter.bytes(-2048)).isEqualTo("-2.0 KB");
    assertThat(TextReportWriter.bytes(Long.MAX_VALUE)).isEqualTo("8.0 EB");
  }

  @Test
  void biggestObjectsAreTheTopLevelDominatorsEachOnceWithItsBiggestPart() throws IOException {
    // a chain (class -> map -> table) is one top-level entry, not three
    DominatorNode table =
        new DominatorNode("0x30", "java.util.HashMap$Node[]", 32_784, 1_000_000, List.of(), 0, 0);
    DominatorNode map =
        new DominatorNode("0x20", "java.util.HashMap", 48, 1_000_048, List.of(table), 0, 0);
    DominatorNode holder =
        new DominatorNode(
            "0x10", "java.lang.Class", 80, 1_000_128, List.of(map), 0, 0, "com.acme.Registry");
    DominatorNode thread =
        new DominatorNode("0x40", "java.lang.Thread", 120, 4_000, List.of(), 0, 0);
    AnalysisReport base =
        report(
            histogram(2),
            List.of(dominator("java.util.HashMap", List.of("static A.b"))),
            List.of());
    AnalysisReport report =
        new AnalysisReport(
            base.dump(),
            base.histogram(),
            List.of(
                dominator("java.lang.Class", List.of()),
                dominator("java.util.HashMap", List.of("static com.acme.Registry.map")),
                dominator("java.util.HashMap$Node[]", List.of("static com.acme.Registry.map"))),
            List.of(),
            base.timings(),
            List.of(),
            List.of(holder, thread),
            List.of());

    List<String> lines = write(report).lines().toList();

    int title =
        indexOf(
            lines,
            "Biggest objects by retained size (top 2 top-level dominators:"
                + " each is kept alive by GC roots only)");
    assertThat(lines.subList(title + 1, title + 5))
        .containsExactly(
            "   1. 976.7 KB  class com.acme.Registry @ 0x10 (shallow 80 B)",
            "        biggest part 976.6 KB  java.util.HashMap @ 0x20",
            "   2.   3.9 KB  java.lang.Thread @ 0x40 (shallow 120 B)",
            "");
  }

  @Test
  void biggestClassesShowsTheTopRowsInAlignedColumns() throws IOException {
    String text = write(report(histogram(30), List.of(), List.of()));

    List<String> lines = text.lines().toList();
    int title =
        indexOf(lines, "Biggest classes by shallow size (top 20 of 30 classes with instances)");
    List<String> block =
        lines.subList(title + 1, title + 1 + lines.subList(title + 1, lines.size()).indexOf(""));
    assertThat(block).hasSize(22);
    assertThat(block.get(21)).contains("retained: freed at least");
    List<String> rows = block.subList(0, 21);
    assertThat(rows.get(0)).isEqualTo("  instances  shallow  retained  class");
    assertThat(rows.get(1)).contains("1,000").contains("97.7 KB").contains("195.3 KB");
    assertThat(text).contains("com.acme.Class19").doesNotContain("com.acme.Class20");
    int classColumn = rows.get(0).indexOf("class");
    assertThat(rows.subList(1, rows.size()))
        .allSatisfy(r -> assertThat(r.indexOf("com.acme.Class")).isEqualTo(classColumn));
    int shallowEnd = rows.get(0).indexOf("shallow") + "shallow".length();
    assertThat(rows.subList(1, rows.size()))
        .allSatisfy(r -> assertThat(r.substring(shallowEnd - 2, shallowEnd)).isEqualTo("KB"));
  }

  @Test
  void biggestObjectsShowTheirPathAsAnIndentedChain() throws IOException {
    List<String> path =
        List.of("static com.acme.Registry.sessions", "java.util.HashMap.table", "[12]");
    String text =
        write(report(List.of(), List.of(dominator("java.util.HashMap", path)), List.of()));

    List<String> lines = text.lines().toList();
    int header = indexOf(lines, "java.util.HashMap @ 0x7f001230");
    assertThat(lines.get(header)).contains("   1.").contains("300.0 MB").contains("shallow 48 B");
    assertThat(lines.get(header + 1)).isEqualTo("        static com.acme.Registry.sessions");
    assertThat(lines.get(header + 2)).isEqualTo("          java.util.HashMap.table");
    assertThat(lines.get(header + 3)).isEqualTo("            [12]");
  }

  @Test
  void aRootObjectSaysSoInsteadOfAPath() throws IOException {
    String text =
        write(report(List.of(), List.of(dominator("java.lang.Thread", List.of())), List.of()));

    assertThat(text).contains("(the object is a GC root)");
  }

  @Test
  void longPathsShowTheirEndsAndHowManyStepsWereLeftOut() throws IOException {
    List<String> path = new ArrayList<>();
    IntStream.range(0, 100).forEach(i -> path.add("java.util.LinkedList$Node.next#" + i));
    String text =
        write(report(List.of(), List.of(dominator("java.util.LinkedList", path)), List.of()));

    assertThat(text)
        .contains("#0\n", "#5\n", "... 86 more steps ...", "#92\n", "#99\n")
        .doesNotContain("#6\n", "#91\n");
    String last = text.lines().filter(l -> l.endsWith("#99")).findFirst().orElseThrow();
    assertThat(last).startsWith("        " + "  ".repeat(12) + "java");
  }

  @Test
  void noSuspectsIsSaidAndSuspectsAreListed() throws IOException {
    assertThat(write(report(List.of(), List.of(), List.of())))
        .contains("Leak suspects\n   none: no single holder retains a large share of the heap\n\n");

    String text = write(report(List.of(), List.of(), List.of(suspect(1_048_576L))));

    assertThat(text)
        .contains("Leak suspects")
        .contains("   1. com.acme.Registry.sessions holds 1,234 com.acme.Session")
        .contains("holder       com.acme.Registry.sessions")
        .contains("accumulates  1,234 x com.acme.Session, retained 300.0 MB, growth +1.0 MB")
        .contains(
            "          static com.acme.Registry.sessions\n            java.util.HashMap.table")
        .contains("        Sessions are added on login and never removed.\n        Check logout.");
  }

  @Test
  void suspectWithoutBaselineShowsNoGrowth() throws IOException {
    String text = write(report(List.of(), List.of(), List.of(suspect(null))));

    assertThat(text).contains("retained 300.0 MB\n").doesNotContain("growth");
  }

  @Test
  void timingsCloseTheReport() throws IOException {
    String text = write(report(List.of(), List.of(), List.of()));

    assertThat(text)
        .endsWith(
            "Timings: parse 1,234 ms, dominators 567 ms, total 2,001 ms"
                + " (of which suspects 0 ms, inspections 0 ms)\n");
  }

  @Test
  void terminalControlCharactersInNamesAreEscaped() throws IOException {
    String hostile = "evil\u001b[2J\rname\u202e\u0085";
    String text =
        write(report(List.of(new HistogramRow(hostile, 1, 16, 16)), List.of(), List.of()));

    assertThat(text)
        .contains("evil\\u001b[2J\\u000dname\\u202e\\u0085")
        .doesNotContain("\u001b", "\r", "\u202e", "\u0085");
  }

  @Test
  void rejectsANonPositiveRowCount() {
    assertThatThrownBy(() -> new TextReportWriter(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("topClasses: 0 (expected: 1+)");
  }

  private static int indexOf(List<String> lines, String fragment) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(fragment)) {
        return i;
      }
    }
    throw new AssertionError("no line contains " + fragment);
  }

  private static String write(AnalysisReport report) throws IOException {
    StringWriter out = new StringWriter();
    new TextReportWriter().write(report, out);
    return out.toString();
  }
}
