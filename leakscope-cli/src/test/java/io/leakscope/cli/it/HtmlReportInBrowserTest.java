package io.leakscope.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakscope.analysis.report.AnalysisReport;
import io.leakscope.analysis.report.DominatorEntry;
import io.leakscope.analysis.report.DominatorNode;
import io.leakscope.analysis.report.DumpSummary;
import io.leakscope.analysis.report.HistogramRow;
import io.leakscope.analysis.report.HtmlReportWriter;
import io.leakscope.analysis.report.Inspection;
import io.leakscope.analysis.report.InspectionHolder;
import io.leakscope.analysis.report.NativeHolder;
import io.leakscope.analysis.report.NativeMemory;
import io.leakscope.analysis.report.NativeMemorySummary;
import io.leakscope.analysis.report.Suspect;
import io.leakscope.analysis.report.SuspectPart;
import io.leakscope.analysis.report.Timings;
import io.leakscope.analysis.report.UnreachableStart;
import io.leakscope.cli.Main;
import io.leakscope.cli.it.programs.SessionLeakProgram;
import io.leakscope.testing.Jdk;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The HTML report of two real dumps, opened in headless Chromium and used as a person would: no
 * errors and no network requests, the suspect named by its field, a growth chart, a dominator tree
 * that opens on click, a histogram that sorts on click and filters, and a screenshot that shows a
 * page.
 *
 * <p>The browser is driven by {@code src/test/browser/check-report.js} (see {@link BrowserTools}:
 * Playwright with the system's Chromium, skipped without them), which prints what it saw as JSON;
 * this test judges that. The page and its screenshot are kept in {@code
 * target/html-report-in-browser/} to look at.
 */
// no verdict depends on the machine's speed: runs beside other classes, but not beside
// MemoryCommandTest (the CPU lock; junit-platform.properties)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(value = "cpu", mode = ResourceAccessMode.READ)
class HtmlReportInBrowserTest {
  private static final Path KEPT_DIR = Path.of("target/html-report-in-browser").toAbsolutePath();
  private static final String PROGRAM = SessionLeakProgram.class.getName();

  /** Runs script and opens a dialog if a renderer ever treats a name as markup. */
  private static final String HOSTILE =
      "</script><script>alert(1)</script><img src=x onerror=alert(2)><!--<b>bold</b>";

  @Test
  void reportOfTwoRealDumpsWorksInHeadlessChromium(@TempDir Path dir) throws IOException {
    Path node = BrowserTools.requireNode();
    Jdk jdk = Jdk.require(Path.of(System.getProperty("java.home")));
    Path older;
    Path newer;
    try (ChildJvm child = ChildJvm.start(jdk, SessionLeakProgram.class, List.of())) {
      older = child.heapDump(dir.resolve("older.hprof"), false);
      newer = child.heapDump(dir.resolve("newer.hprof"), false);
    }
    Path report = dir.resolve("report.html");
    analyze(
        "analyze",
        newer.toString(),
        "--baseline",
        older.toString(),
        "--format",
        "html",
        "--output",
        report.toString(),
        "--quiet");
    Path screenshot = dir.resolve("report.png");
    String text = analyze("analyze", newer.toString(), "--baseline", older.toString(), "--quiet");

    JsonNode seen = BrowserTools.run(node, "check-report.js", report, screenshot);
    keepForInspection(report, screenshot);

    assertThat(texts(seen.path("pageErrors"))).as("uncaught errors in the page").isEmpty();
    assertThat(texts(seen.path("consoleErrors"))).as("console errors (CSP too)").isEmpty();
    assertThat(texts(seen.path("requests"))).as("requests besides the page itself").isEmpty();
    assertThat(texts(seen.path("sections"))).contains("summary", "suspects", "tree", "histogram");

    JsonNode suspect = seen.path("suspects").path(0);
    assertThat(suspect.path("holder").asText()).isEqualTo(PROGRAM + ".SESSIONS");
    assertThat(suspect.path("title").asText()).contains(PROGRAM + "$Session");
    assertThat(suspect.path("chartBars").asInt())
        .as("chart bars: the baseline and the newest dump")
        .isEqualTo(2);
    assertThat(texts(suspect.path("pathSteps"))).startsWith("static " + PROGRAM + ".SESSIONS");

    JsonNode tree = seen.path("tree");
    assertThat(tree.path("expanded").asText()).isEqualTo("true");
    assertThat(tree.path("rowsAfter").asInt()).isGreaterThan(tree.path("rowsBefore").asInt());
    // the biggest top-level object is the program's class; the session map is what it retains
    assertThat(texts(tree.path("children"))).anyMatch(row -> row.contains("java.util.HashMap"));

    assertHistogramSortsAndFilters(seen.path("histogram"));
    BrowserTools.assertLooksLikeAPage(screenshot);

    // the text report of the same dumps says the same class counts and the same trend
    Matcher classes = Pattern.compile("(?m)^  classes    (.+)$").matcher(text);
    assertThat(classes.find()).as("classes line of the text report:%n%s", text).isTrue();
    assertThat(seen.path("summary").path("Classes").asText()).isEqualTo(classes.group(1));
    Matcher withInstances =
        Pattern.compile("top \\d+ of ([\\d,]+) classes with instances").matcher(text);
    assertThat(withInstances.find()).as("histogram heading of the text report").isTrue();
    assertThat(seen.path("histogram").path("status").asText())
        .contains(" of " + withInstances.group(1) + " classes with instances");
    assertThat(classes.group(1)).endsWith(withInstances.group(1) + " with instances");
    assertThat(suspect.path("trend").asText()).isEqualTo("stable");
    assertThat(text).contains("        trend        stable");
  }

  @Test
  void hostileNamesShowAsTextAndRunNothing(@TempDir Path dir) throws IOException {
    Path node = BrowserTools.requireNode();
    Path report = dir.resolve("hostile.html");
    try (Writer out = Files.newBufferedWriter(report, StandardCharsets.UTF_8)) {
      new HtmlReportWriter().write(hostileReport(), out);
    }

    JsonNode seen = BrowserTools.run(node, "check-report.js", report, dir.resolve("hostile.png"));

    assertThat(texts(seen.path("dialogs"))).as("alert() run from a name").isEmpty();
    assertThat(texts(seen.path("pageErrors"))).as("uncaught errors in the page").isEmpty();
    assertThat(texts(seen.path("consoleErrors"))).as("console errors (CSP too)").isEmpty();
    assertThat(texts(seen.path("requests"))).as("requests besides the page itself").isEmpty();
    assertThat(texts(seen.path("sections"))).contains("inspections");
    JsonNode suspect = seen.path("suspects").path(0);
    assertThat(suspect.path("holder").asText()).isEqualTo(HOSTILE);
    assertThat(texts(suspect.path("pathSteps"))).containsExactly(HOSTILE, HOSTILE);
    // a chart of the heap retained and one of the native memory, three dumps each
    assertThat(suspect.path("chartBars").asInt()).isEqualTo(6);
    assertThat(texts(seen.path("tree").path("children"))).anyMatch(row -> row.contains(HOSTILE));
    assertThat(texts(seen.path("histogram").path("classesBefore"))).contains(HOSTILE);
    // where the unreachable objects hang from (half the heap), and the main class, as text
    assertThat(seen.path("summary").path("Unreachable from").asText())
        .isEqualTo(
            "512.0 KB (1,000 objects) from 3 \u00d7 "
                + HOSTILE
                + ", referred to 2 by soft references, 1 by weak ones");
    assertThat(seen.path("summary").path("Unreachable").asText())
        .contains("or by what HotSpot does not write to the dump");
    assertThat(seen.path("summary").path("Main class").asText()).startsWith(HOSTILE + " (");
    // what was folded into the suspect, its trend and its native memory, as text nodes
    assertThat(suspect.path("trend").asText()).isEqualTo("growing");
    assertThat(suspect.path("facts").path("Trend").asText()).startsWith("growing: ");
    assertThat(suspect.path("parts")).hasSize(2);
    assertThat(texts(suspect.path("parts").get(0)))
        .containsExactly("585.9 KB", "3", HOSTILE, "Guava " + HOSTILE);
    assertThat(suspect.path("facts").path("Off-heap").asText())
        .isEqualTo("retains 64.0 MB of native memory through 64 direct buffers");
    assertThat(texts(seen.path("nativeHolders").get(0)))
        .containsExactly("64.0 MB", "64", "0 B", "0", HOSTILE);
  }

  /** A report with the hostile name wherever the dump supplies text, and every section filled. */
  private static AnalysisReport hostileReport() {
    DumpSummary dump =
        new DumpSummary(
            "/tmp/hostile.hprof",
            1 << 20,
            HOSTILE,
            8,
            false,
            1_700_000_000_000L,
            10,
            2,
            1,
            9,
            1,
            1 << 19,
            0,
            1 << 20,
            true,
            true,
            8,
            null,
            HOSTILE,
            List.of(new UnreachableStart(HOSTILE, 3, 1_000, 1 << 19, 2L, 1L)));
    DumpSummary older =
        new DumpSummary(
            "/tmp/older.hprof",
            1 << 20,
            "JAVA PROFILE 1.0.2",
            8,
            false,
            1_699_999_000_000L,
            10,
            2,
            1,
            9,
            1,
            16,
            0,
            1 << 19,
            true,
            true,
            8);
    NativeMemory buffers = new NativeMemory(64L << 20, 64, 0, 0);
    Suspect suspect =
        new Suspect(
            1,
            HOSTILE,
            HOSTILE,
            HOSTILE,
            3,
            600_000,
            400_000L,
            List.of(HOSTILE, HOSTILE),
            HOSTILE,
            Suspect.KIND_BLOCKED_THREADS,
            List.of(200_000L, 400_000L, 600_000L),
            List.of(HOSTILE),
            List.of(HOSTILE),
            List.of(
                new SuspectPart(HOSTILE, "Guava", HOSTILE, 3, 600_000),
                new SuspectPart(HOSTILE, null, HOSTILE, 1, 1_000)),
            Suspect.TREND_GROWING,
            buffers,
            List.of(0L, 1L << 20, 64L << 20));
    DominatorNode child = new DominatorNode("0x20", HOSTILE, 16, 600_000, List.of(), 2, 32);
    DominatorNode top = new DominatorNode("0x10", HOSTILE, 16, 700_000, List.of(child), 0, 0);
    Inspection waste =
        new Inspection(
            HOSTILE, HOSTILE, 2, 64, List.of(new InspectionHolder(HOSTILE, 2, 64, HOSTILE)));
    return new AnalysisReport(
        dump,
        List.of(
            new HistogramRow(HOSTILE, 3, 600_000, 600_000), new HistogramRow("byte[]", 9, 64, 64)),
        List.of(new DominatorEntry("0x10", HOSTILE, 16, 700_000, List.of(HOSTILE))),
        List.of(suspect),
        new Timings(1, 2, 3),
        List.of(older, older),
        List.of(top),
        List.of(waste),
        new NativeMemorySummary(
            buffers,
            64,
            NativeMemory.NONE,
            NativeMemory.NONE,
            List.of(new NativeHolder(HOSTILE, HOSTILE, buffers, List.of(HOSTILE)))));
  }

  private static void assertHistogramSortsAndFilters(JsonNode histogram) {
    assertThat(histogram.path("rows").asInt()).isBetween(20, 500);
    assertThat(histogram.path("sortAttribute").asText()).isEqualTo("descending");
    List<Long> before = longs(histogram.path("instancesBefore"));
    List<Long> after = longs(histogram.path("instancesAfter"));
    assertThat(after).hasSameSizeAs(before).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(after)
        .as("order by instances differs from order by shallow size")
        .isNotEqualTo(before);
    assertThat(texts(histogram.path("classesAfter")))
        .isNotEqualTo(texts(histogram.path("classesBefore")));
    assertThat(texts(histogram.path("filtered")))
        .isNotEmpty()
        .allMatch(name -> name.contains("SessionLeakProgram"));
  }

  /** Copies the page and its screenshot to target/, for a person to look at after the run. */
  private static void keepForInspection(Path... files) throws IOException {
    Path kept = Files.createDirectories(KEPT_DIR);
    for (Path file : files) {
      Files.copy(file, kept.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Runs the CLI in this JVM, as {@code AnalyzedDump} does, and returns what it printed; fails the
   * test on a non-zero exit.
   */
  private static String analyze(String... arguments) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode = Main.execute(new PrintWriter(out), new PrintWriter(err), arguments);
    assertThat(exitCode)
        .as("leakscope %s; stdout:%n%s%nstderr:%n%s", String.join(" ", arguments), out, err)
        .isZero();
    return out.toString();
  }

  private static List<String> texts(JsonNode array) {
    List<String> result = new ArrayList<>();
    array.forEach(item -> result.add(item.asText()));
    return result;
  }

  private static List<Long> longs(JsonNode array) {
    List<Long> result = new ArrayList<>();
    array.forEach(item -> result.add(item.asLong()));
    return result;
  }
}
