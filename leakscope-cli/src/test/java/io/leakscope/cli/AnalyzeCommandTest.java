package io.leakscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.analysis.AnalysisOptions;
import io.leakscope.analysis.report.AnalysisReport;
import io.leakscope.analysis.report.DominatorEntry;
import io.leakscope.analysis.report.DumpSummary;
import io.leakscope.analysis.report.HistogramRow;
import io.leakscope.analysis.report.Timings;
import io.leakscope.hprof.HprofFormatException;
import io.leakscope.hprof.ProgressListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analyze command around a stand-in analyzer: options, output and failures. */
class AnalyzeCommandTest {
  @TempDir Path dir;
  private Path dump;

  @BeforeEach
  void createDump() throws IOException {
    dump = Files.writeString(dir.resolve("app.hprof"), "stand-in; the analyzer is faked");
  }

  @Test
  void textReportGoesToStandardOutputByDefault() {
    CliRun run = CliRun.with(returning(report()), "analyze", dump.toString());

    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.out()).startsWith("leakscope heap report").contains("Biggest classes", "byte[]");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void jsonFormatWritesTheReportContract() {
    CliRun run = CliRun.with(returning(report()), "analyze", dump.toString(), "--format", "JSON");

    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.out())
        .startsWith("{\n  \"schemaVersion\": 1,")
        .contains("\"className\": \"byte[]\"")
        .endsWith("}\n");
  }

  @Test
  void htmlFormatWritesOneSelfContainedPageToTheOutputFile() throws IOException {
    Path output = dir.resolve("report.html");

    CliRun run =
        CliRun.with(
            returning(report()), "analyze", dump.toString(), "-f", "html", "-o", output.toString());

    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.out()).isEmpty();
    assertThat(Files.readString(output, StandardCharsets.UTF_8))
        .startsWith("<!DOCTYPE html>")
        .contains("Content-Security-Policy", "\"className\": \"byte[]\"")
        .endsWith("</html>\n");
  }

  @Test
  void topAndProgressArePassedToTheAnalyzer() {
    AtomicReference<AnalysisOptions> options = new AtomicReference<>();
    AtomicReference<ProgressListener> progress = new AtomicReference<>();
    Analyzer analyzer =
        (path, o, p) -> {
          options.set(o);
          progress.set(p);
          return report();
        };

    CliRun run = CliRun.with(analyzer, "analyze", "-n", "7", dump.toString());

    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(options.get().topDominators()).isEqualTo(7);
    // tests do not run on a terminal: no progress bar, but the memory forecast listens
    assertThat(progress.get()).isInstanceOf(MemoryForecast.class);
    CliRun quiet = CliRun.with(analyzer, "analyze", "-q", dump.toString());
    assertThat(quiet.exitCode()).isEqualTo(0);
    assertThat(progress.get()).isSameAs(ProgressListener.NONE);
  }

  @Test
  void outputFileReceivesTheReportAndStandardOutputStaysEmpty() throws IOException {
    Path output = dir.resolve("report.json");

    CliRun run =
        CliRun.with(
            returning(report()), "analyze", dump.toString(), "-f", "json", "-o", output.toString());

    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.out()).isEmpty();
    assertThat(Files.readString(output, StandardCharsets.UTF_8)).startsWith("{").endsWith("}\n");
    assertThat(siblingsOf(output)).containsExactlyInAnyOrder(dump, output);
  }

  @Test
  void outputFileKeepsNonAsciiNamesAsUtf8() throws IOException {
    Path output = dir.resolve("report.txt");
    AnalysisReport report =
        report(List.of(new HistogramRow("com.acme.Caf\u00e9\u4e2d", 1, 16, 16)));

    CliRun run =
        CliRun.with(returning(report), "analyze", dump.toString(), "-o", output.toString());

    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(Files.readString(output, StandardCharsets.UTF_8))
        .contains("com.acme.Caf\u00e9\u4e2d");
  }

  @Test
  void failedAnalysisLeavesAnExistingOutputFileUntouched() throws IOException {
    Path output = Files.writeString(dir.resolve("report.json"), "previous report");
    Analyzer failing =
        (path, o, p) -> {
          throw new HprofFormatException(0x1f3a, "HEAP_DUMP_SEGMENT", "length 4096 runs past end");
        };

    CliRun run = CliRun.with(failing, "analyze", dump.toString(), "-o", output.toString());

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(Files.readString(output)).isEqualTo("previous report");
    assertThat(siblingsOf(output)).containsExactlyInAnyOrder(dump, output);
  }

  @Test
  void badDumpIsOneLineNamingTheDumpAndTheProblem() {
    Analyzer failing =
        (path, o, p) -> {
          throw new HprofFormatException(0x1f3a, "HEAP_DUMP_SEGMENT", "length 4096 runs past end");
        };

    CliRun run = CliRun.with(failing, "analyze", dump.toString());

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err())
        .isEqualTo(
            "leakscope: bad heap dump "
                + dump
                + ": HEAP_DUMP_SEGMENT at 0x1f3a: length 4096 runs past end\n");
  }

  @Test
  void aBaselinesErrorNamesTheBaselineNotTheDump() {
    Path old = dir.resolve("old.hprof");
    Analyzer failing =
        (path, o, p) -> {
          throw new HprofFormatException(0x1f3a, "HEAP_DUMP_SEGMENT", "bad tag").withDump(old);
        };

    CliRun run = CliRun.with(failing, "analyze", dump.toString());

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err())
        .isEqualTo(
            "leakscope: bad baseline dump " + old + ": HEAP_DUMP_SEGMENT at 0x1f3a: bad tag\n");
  }

  @Test
  void ioFailureIsOneLineWithExitCodeOne() {
    Analyzer failing =
        (path, o, p) -> {
          throw new AccessDeniedException(path.toString());
        };

    CliRun run = CliRun.with(failing, "analyze", dump.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("leakscope: permission denied: " + dump + "\n");
  }

  @Test
  void unexpectedExceptionIsOneLineThatSaysHowToGetDetails() {
    Analyzer failing =
        (path, o, p) -> {
          throw new IllegalStateException("dominator tree\nhas a cycle");
        };

    CliRun run = CliRun.with(failing, "analyze", dump.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err())
        .startsWith("leakscope: internal error: IllegalStateException: dominator tree has a cycle")
        .contains("LEAKSCOPE_DEBUG=1");
  }

  @Test
  void debugOptionPrintsTheStackTrace() {
    Analyzer failing =
        (path, o, p) -> {
          throw new HprofFormatException("truncated header");
        };

    CliRun run = CliRun.with(failing, "analyze", dump.toString(), "--debug");

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err()).contains("bad heap dump", "HprofFormatException", "\tat ");
  }

  @Test
  void outOfMemoryNamesTheSettingThatHelps() {
    Analyzer failing =
        (path, o, p) -> {
          throw new OutOfMemoryError("Java heap space");
        };

    CliRun run = CliRun.with(failing, "analyze", dump.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .startsWith("leakscope: out of memory analyzing")
        .contains("LEAKSCOPE_JAVA_OPTS=-Xmx");
  }

  private List<Path> siblingsOf(Path file) throws IOException {
    try (var files = Files.list(file.getParent())) {
      return files.toList();
    }
  }

  private static Analyzer returning(AnalysisReport report) {
    return (path, options, progress) -> report;
  }

  static AnalysisReport report() {
    return report(List.of(new HistogramRow("byte[]", 10, 4_096, 4_096)));
  }

  static AnalysisReport report(List<HistogramRow> histogram) {
    DumpSummary dump =
        new DumpSummary(
            "app.hprof",
            1_000,
            "JAVA PROFILE 1.0.2",
            8,
            false,
            0,
            11,
            1,
            2,
            10,
            1,
            16,
            0,
            4_112,
            true,
            true,
            8);
    return new AnalysisReport(
        dump,
        histogram,
        List.of(new DominatorEntry("0x1000", "byte[]", 4_096, 4_096, List.of("static A.b"))),
        List.of(),
        new Timings(1, 2, 3));
  }
}
