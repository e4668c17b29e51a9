package io.leakscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.analysis.AnalysisOptions;
import io.leakscope.analysis.HeapAnalyzer;
import io.leakscope.analysis.report.AnalysisReport;
import io.leakscope.hprof.ProgressListener;
import io.leakscope.testing.hprof.ScaleDump;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warning that a dump's analysis will not fit the heap: given once the first pass has counted
 * the objects, before the memory runs out, and not given where the analysis does fit. The JVM is
 * the oracle: a child JVM with the heap the estimate asks for finishes, one with much less fails
 * after the warning.
 */
class MemoryForecastTest {
  private static final long GB = 1L << 30;
  private static final Path BIG = Path.of("big.hprof");

  @TempDir Path dir;

  @Test
  void noWarningWhereTheEstimateFits() {
    long objects = 100_000_000;
    long references = 160_000_000;
    long needed = HeapAnalyzer.heapNeeded(objects, references);

    assertThat(MemoryForecast.warning(BIG, objects, references, needed, 24 * GB)).isEmpty();
    assertThat(MemoryForecast.warning(BIG, objects, references, needed - 1, 24 * GB)).isPresent();
  }

  @Test
  void aMachineBigEnoughIsToldTheHeapToAskFor() {
    long objects = 1_300_000_000;
    long references = 2_000_000_000;
    long needed = HeapAnalyzer.heapNeeded(objects, references);

    String warning =
        MemoryForecast.warning(BIG, objects, references, needed - 1, 48 * GB).orElseThrow();

    long suggested = (long) Math.ceil(needed * 1.1 / GB);
    assertThat(suggested * GB).isGreaterThan(needed);
    assertThat(warning)
        .startsWith(
            "leakscope: warning: big.hprof has 1,300,000,000 objects and 2,000,000,000 references")
        .contains("-Xmx" + suggested + "g", "this machine has 48.0 GB")
        .doesNotContain("\n");
  }

  @Test
  void aMachineTooSmallIsToldSoAndPointedToTheHistogram() {
    long objects = 3_000_000_000L;
    long needed = HeapAnalyzer.heapNeeded(objects, objects);

    String warning = MemoryForecast.warning(BIG, objects, objects, 16 * GB, 24 * GB).orElseThrow();

    long machine = (long) Math.ceil(Math.ceil(needed * 1.1 / GB) / MemoryForecast.MACHINE_SHARE);
    assertThat(machine * MemoryForecast.MACHINE_SHARE * GB).isGreaterThan(needed);
    assertThat(warning)
        .contains(
            "This machine has 24.0 GB",
            "one with " + machine + " GB or more",
            "leakscope histogram")
        .doesNotContain("-Xmx");
  }

  @Test
  void sizesUnderAGigabyteAreInMegabytes() {
    assertThat(MemoryForecast.size(350L << 20)).isEqualTo("350 MB");
    assertThat(MemoryForecast.size(GB + GB / 5)).isEqualTo("1.2 GB");
  }

  @Test
  void anUnknownMachineSizeOnlyAsksForMoreHeap() {
    String warning = MemoryForecast.warning(BIG, 1_000_000_000, 0, GB, 0).orElseThrow();

    assertThat(warning).contains("-Xmx").doesNotContain("machine");
  }

  @Test
  void theWarningComesBeforeTheFailureAndAQuietRunHasNone() throws IOException {
    Analyzer countsThenFails =
        (path, options, progress) -> {
          progress.indexed(path, 1L << 40, 0);
          throw new OutOfMemoryError("Java heap space");
        };
    Path dump = Files.writeString(dir.resolve("any.hprof"), "not read");

    CliRun loud = CliRun.with(countsThenFails, "analyze", dump.toString());
    CliRun quiet = CliRun.with(countsThenFails, "analyze", "-q", dump.toString());

    assertThat(loud.exitCode()).isEqualTo(1);
    assertThat(loud.err())
        .startsWith(
            "leakscope: warning: " + dump + " has 1,099,511,627,776 objects and 0 references");
    assertThat(loud.err().indexOf("out of memory")).isGreaterThan(loud.err().indexOf("warning"));
    assertThat(quiet.exitCode()).isEqualTo(1);
    assertThat(quiet.err()).doesNotContain("warning").contains("out of memory");
  }

  @Test
  void theIndexCountsTheObjectsOfTheReportAndTheReferencesOfTheConstruction() throws IOException {
    ScaleDump.Shape shape = ScaleDump.Shape.of(200_000, 8, 1000, 1000);
    Path dump = scaleDump(shape);

    long[] counted = indexed(dump);
    AnalysisReport report =
        HeapAnalyzer.analyze(dump, new AnalysisOptions(5), ProgressListener.NONE);

    // besides the construction's references, every class object refers to its superclass (all
    // but java.lang.Object's; the generator's classes have no loader)
    assertThat(counted)
        .containsExactly(report.dump().objects(), shape.references() + report.dump().classes() - 1);
  }

  /** What the analysis of {@code dump} reports to {@link ProgressListener#indexed}: once. */
  private static long[] indexed(Path dump) throws IOException {
    List<long[]> calls = new ArrayList<>();
    ProgressListener recording =
        new ProgressListener() {
          @Override
          public void update(String phase, long done, long total) {}

          @Override
          public void indexed(Path analyzed, long objects, long references) {
            assertThat(analyzed).isEqualTo(dump);
            calls.add(new long[] {objects, references});
          }
        };
    HeapAnalyzer.analyze(dump, new AnalysisOptions(5), recording);
    assertThat(calls).hasSize(1);
    return calls.get(0);
  }

  /**
   * A real analysis in a child JVM with the launcher's options and the heap the warning would ask
   * for (the estimate and a tenth more) finishes without a warning: the estimate is not below what
   * the analysis takes.
   */
  @Test
  void theHeapTheWarningAsksForIsEnoughInARealJvm() throws Exception {
    Path dump = scaleDump(ScaleDump.Shape.of(1_500_000, 8, 1000, 1000));
    long[] counted = indexed(dump);
    long needed = HeapAnalyzer.heapNeeded(counted[0], counted[1]);

    CliRun enough = analyzeInChild(dump, (long) (needed * 1.1));

    assertThat(enough.exitCode()).as(enough.err()).isZero();
    assertThat(enough.err()).doesNotContain("warning");
  }

  /** A real analysis with a heap too small by the estimate: the warning, once, with its counts. */
  @Test
  void aRealAnalysisWarnsOnceWhenTheHeapIsShort() throws IOException {
    ScaleDump.Shape shape = ScaleDump.Shape.of(100_000, 8, 1000, 1000);
    Path dump = scaleDump(shape);
    StringWriter err = new StringWriter();

    AnalysisReport report =
        HeapAnalyzer.analyze(
            dump,
            new AnalysisOptions(5),
            new MemoryForecast(null, new PrintWriter(err), 1 << 20, 24 * GB));

    String expected =
        String.format(
            Locale.ROOT,
            "leakscope: warning: %s has %,d objects and %,d references;",
            dump,
            report.dump().objects(),
            shape.references() + report.dump().classes() - 1);
    assertThat(err.toString()).startsWith(expected).containsOnlyOnce("warning");
  }

  private Path scaleDump(ScaleDump.Shape shape) throws IOException {
    Path file = dir.resolve("scale-" + shape.sessions() + ".hprof");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      ScaleDump.write(shape, out, 1_700_000_000_000L, null);
    }
    return file;
  }

  private CliRun analyzeInChild(Path dump, long maxHeap) throws Exception {
    Path err = dir.resolve("child-" + maxHeap + ".err");
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx" + (maxHeap >> 20) + "m",
            "-XX:+UseSerialGC",
            "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=20",
            "-Xmn32m",
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "analyze",
            dump.toString(),
            "--output",
            dir.resolve("report-" + maxHeap + ".txt").toString());
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(3, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("the child JVM did not end: " + command);
    }
    return new CliRun(p.exitValue(), "", Files.readString(err, StandardCharsets.UTF_8));
  }
}
