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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warning that a dump's analysis will not fit the heap: given once the index has counted the
 * objects and references, with the heap or the machine to ask for, and not given where the estimate
 * fits. The warning's numbers are checked against values worked out by hand from the estimate
 * documented in docs/analyze.md; a child JVM given the heap the warning would ask for finishes.
 * Whether the estimate is right for big dumps is a benchmark's question (bisected smallest heaps in
 * leakscope-benchmarks/results/2026-12-06-heap-forecast-and-nearly-sorted.md), not a test's.
 */
class MemoryForecastTest {
  private static final long GB = 1L << 30;
  private static final Path BIG = Path.of("big.hprof");

  @TempDir Path dir;

  @Test
  void theEstimateIsTheDocumentedOne() {
    // 64 MiB + 12.5 bytes per object + 5 per reference: the strings benchmark dump's counts
    assertThat(HeapAnalyzer.heapNeeded(30_640_979, 40_626_461)).isEqualTo(653_253_406L);
    assertThat(HeapAnalyzer.heapNeeded(0, 0)).isEqualTo(64L << 20);
  }

  @Test
  void noWarningWhereTheEstimateFits() {
    long objects = 100_000_000;
    long references = 160_000_000;
    long needed = HeapAnalyzer.heapNeeded(objects, references);

    assertThat(
            MemoryForecast.warning(
                BIG, objects, references, MemoryForecast.References.COUNTED, needed, 24 * GB))
        .isEmpty();
    assertThat(
            MemoryForecast.warning(
                BIG, objects, references, MemoryForecast.References.COUNTED, needed - 1, 24 * GB))
        .isPresent();
  }

  @Test
  void aMachineBigEnoughIsToldTheHeapToAskFor() {
    // needs 26,317,108,864 bytes: 24.51 GiB, so -Xmx25g
    long objects = 1_300_000_000;
    long references = 2_000_000_000;

    MemoryForecast.Warning justShort =
        MemoryForecast.warning(
                BIG,
                objects,
                references,
                MemoryForecast.References.COUNTED,
                26_317_108_863L,
                48 * GB)
            .orElseThrow();
    MemoryForecast.Warning farShort =
        MemoryForecast.warning(
                BIG, objects, references, MemoryForecast.References.COUNTED, 16 * GB, 48 * GB)
            .orElseThrow();

    assertThat(justShort.line())
        .isEqualTo(
            "leakscope: warning: big.hprof has 1,300,000,000 objects and 2,000,000,000 references;"
                + " analyzing it takes about 24.6 GB of Java heap, and this JVM may use 24.5 GB, so"
                + " it may run out of memory. Give it more: LEAKSCOPE_JAVA_OPTS=-Xmx25g ./leakscope"
                + " ..., or java -XX:+UseSerialGC -Xmx25g -jar leakscope.jar ... (this machine has"
                + " 48.0 GB).");
    assertThat(justShort.advice()).isEqualTo("give it -Xmx25g");
    assertThat(farShort.line())
        .contains("this JVM may use 16.0 GB, so it will likely run out of memory.", "-Xmx25g");
  }

  @Test
  void aMachineTooSmallIsToldSoAndPointedToTheHistogram() {
    // needs 40,067,108,864 bytes: 37.32 GiB, more than 85% of 24 GiB; 37.32 / 0.85 = 43.9
    MemoryForecast.Warning w =
        MemoryForecast.warning(
                BIG,
                2_000_000_000,
                3_000_000_000L,
                MemoryForecast.References.COUNTED,
                16 * GB,
                24 * GB)
            .orElseThrow();

    assertThat(w.line())
        .contains(
            "takes about 37.4 GB of Java heap, and this JVM may use 16.0 GB, so it will likely",
            "This machine has 24.0 GB: analyze the dump on one with 44 GB or more.",
            "leakscope histogram")
        .doesNotContain("-Xmx");
    assertThat(w.advice()).isEqualTo("analyze it on a machine with 44 GB or more");
  }

  @Test
  void beforeTheReferencesAreCountedTheObjectsAloneGiveTheLeastItCanNeed() {
    // 64 MiB + 12.5 bytes for each of 1.3G objects: 16,317,108,864 bytes, 15.2 GiB, so -Xmx16g
    MemoryForecast.Warning w =
        MemoryForecast.warning(
                BIG, 1_300_000_000, 0, MemoryForecast.References.UNCOUNTED, 8 * GB, 48 * GB)
            .orElseThrow();

    assertThat(w.line())
        .isEqualTo(
            "leakscope: warning: big.hprof has 1,300,000,000 objects; analyzing it takes at least"
                + " 15.2 GB of Java heap, more with its references, and this JVM may use 8.0 GB, so"
                + " it will likely run out of memory. Give it more: LEAKSCOPE_JAVA_OPTS=-Xmx16g"
                + " ./leakscope ..., or java -XX:+UseSerialGC -Xmx16g -jar leakscope.jar ... (this"
                + " machine has 48.0 GB).");
    assertThat(
            MemoryForecast.warning(
                BIG,
                1_300_000_000,
                0,
                MemoryForecast.References.UNCOUNTED,
                16_317_108_864L,
                48 * GB))
        .isEmpty();
  }

  @Test
  void theReferenceSlotsGiveTheMostItCanNeedAndWillLikelyOnlyWithAFifthOfThemNull() {
    // 64 MiB + 12.5 bytes for each of 100M objects + 5 for each of 2G slots: 11,317,108,864
    // bytes, 10.54 GiB, so -Xmx11g. With a fifth of the slots null (1.6G references):
    // 9,317,108,864 bytes, under 1.15 times 8 GiB (9,878,424,781): "may"; over 1.15 times 4 GiB
    // (4,939,212,390): "will likely"
    MemoryForecast.Warning may =
        MemoryForecast.warning(
                BIG, 100_000_000, 2_000_000_000, MemoryForecast.References.AT_MOST, 8 * GB, 48 * GB)
            .orElseThrow();
    MemoryForecast.Warning likely =
        MemoryForecast.warning(
                BIG, 100_000_000, 2_000_000_000, MemoryForecast.References.AT_MOST, 4 * GB, 48 * GB)
            .orElseThrow();

    assertThat(may.line())
        .isEqualTo(
            "leakscope: warning: big.hprof has 100,000,000 objects and up to 2,000,000,000"
                + " references (the null ones are not told apart yet); with all of them, analyzing"
                + " it takes about 10.6 GB of Java heap, and this JVM may use 8.0 GB, so it may run"
                + " out of memory. Give it more: LEAKSCOPE_JAVA_OPTS=-Xmx11g ./leakscope ..., or"
                + " java -XX:+UseSerialGC -Xmx11g -jar leakscope.jar ... (this machine has 48.0"
                + " GB).");
    assertThat(may.advice()).isEqualTo("give it -Xmx11g");
    assertThat(likely.line())
        .contains("this JVM may use 4.0 GB, so it will likely run out of memory.", "-Xmx11g");
  }

  @Test
  void sizesAreRoundedAgainstTheWarning() {
    assertThat(MemoryForecast.sizeUp(350L << 20)).isEqualTo("350 MB");
    assertThat(MemoryForecast.sizeUp((350L << 20) + 1)).isEqualTo("351 MB");
    assertThat(MemoryForecast.sizeDown((351L << 20) - 1)).isEqualTo("350 MB");
    assertThat(MemoryForecast.sizeUp(GB + 1)).isEqualTo("1.1 GB");
    assertThat(MemoryForecast.sizeDown(2 * GB - 1)).isEqualTo("1.9 GB");
  }

  @Test
  void anUnknownMachineSizeOnlyAsksForMoreHeap() {
    String warning =
        MemoryForecast.warning(BIG, 1_000_000_000, 0, MemoryForecast.References.COUNTED, GB, 0)
            .orElseThrow()
            .line();

    assertThat(warning).contains("-Xmx12g").doesNotContain("machine");
  }

  @Test
  void theWarningComesBeforeTheFailureWhichRepeatsItsAdvice() throws IOException {
    Analyzer countsThenFails =
        (path, options, progress) -> {
          progress.counted(path, 1L << 40);
          progress.indexed(path, 1L << 40, 1L << 40);
          throw new OutOfMemoryError("Java heap space");
        };
    Path dump = Files.writeString(dir.resolve("any.hprof"), "not read");

    CliRun loud = CliRun.with(countsThenFails, "analyze", dump.toString());
    CliRun quiet = CliRun.with(countsThenFails, "analyze", "-q", dump.toString());

    assertThat(loud.exitCode()).isEqualTo(1);
    // one warning, from the first count (objects alone: 13,743,962,456,064 bytes at least, a
    // machine of 15,059 GB); the error gives the later estimate's advice (19,241,520,594,944
    // bytes with the references, 21,083 GB)
    assertThat(loud.err())
        .startsWith("leakscope: warning: " + dump + " has 1,099,511,627,776 objects; analyzing")
        .containsOnlyOnce("leakscope: warning:")
        .contains("analyze the dump on one with 15059 GB or more");
    int failure = loud.err().indexOf("leakscope: out of memory analyzing");
    assertThat(failure).isGreaterThan(0);
    assertThat(loud.err().substring(failure))
        .contains("; as warned above, analyze it on a machine with 21083 GB or more")
        .doesNotContain("-Xmx16g");
    assertThat(quiet.exitCode()).isEqualTo(1);
    assertThat(quiet.err())
        .startsWith("leakscope: out of memory analyzing")
        .contains("LEAKSCOPE_JAVA_OPTS=-Xmx16g")
        .doesNotContain("warning");
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
    assertThat(Arrays.copyOf(counted, 2))
        .containsExactly(report.dump().objects(), shape.references() + report.dump().classes() - 1);
    // the slots: the references, plus each class object's null loader and java.lang.Object's
    // null superclass
    assertThat(counted[2]).isEqualTo(counted[1] + report.dump().classes() + 1);
  }

  /**
   * What the analysis of {@code dump} reports to {@link ProgressListener#indexed}, the objects and
   * the references, and to {@link ProgressListener#bounded}, the most references: once each, after
   * one {@link ProgressListener#counted} of the same objects, in that order.
   */
  private static long[] indexed(Path dump) throws IOException {
    List<long[]> calls = new ArrayList<>();
    List<Long> counts = new ArrayList<>();
    List<Long> bounds = new ArrayList<>();
    ProgressListener recording =
        new ProgressListener() {
          @Override
          public void update(String phase, long done, long total) {}

          @Override
          public void counted(Path analyzed, long objects) {
            assertThat(analyzed).isEqualTo(dump);
            assertThat(calls).isEmpty();
            counts.add(objects);
          }

          @Override
          public void bounded(Path analyzed, long objects, long atMostReferences) {
            assertThat(analyzed).isEqualTo(dump);
            assertThat(counts).containsExactly(objects);
            assertThat(calls).isEmpty();
            bounds.add(atMostReferences);
          }

          @Override
          public void indexed(Path analyzed, long objects, long references) {
            assertThat(analyzed).isEqualTo(dump);
            calls.add(new long[] {objects, references});
          }
        };
    HeapAnalyzer.analyze(dump, new AnalysisOptions(5), recording);
    assertThat(calls).hasSize(1);
    assertThat(counts).containsExactly(calls.get(0)[0]);
    assertThat(bounds).hasSize(1);
    return new long[] {calls.get(0)[0], calls.get(0)[1], bounds.get(0)};
  }

  /**
   * A real analysis in a child JVM with the launcher's options and the heap of the estimate (and 8
   * MiB for the survivor space the JVM leaves out of its maximum) finishes without a warning.
   */
  @Test
  void theHeapTheWarningAsksForIsEnoughInARealJvm() throws Exception {
    Path dump = scaleDump(ScaleDump.Shape.of(1_500_000, 8, 1000, 1000));
    long[] counted = indexed(dump);
    long needed = HeapAnalyzer.heapNeeded(counted[0], counted[2]); // the most it asks for

    CliRun enough = analyzeInChild(dump, needed + (8L << 20));

    assertThat(enough.exitCode()).as(enough.err()).isZero();
    assertThat(enough.err()).doesNotContain("of Java heap");
  }

  /** A real analysis with a heap far too small: the warning, once, with the objects' count. */
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

    // with 1 MiB, even the objects alone do not fit: the first count warns, the index does not
    // warn again
    String expected =
        String.format(
            Locale.ROOT,
            "leakscope: warning: %s has %,d objects; analyzing it takes at least",
            dump,
            report.dump().objects());
    assertThat(err.toString()).startsWith(expected).containsOnlyOnce("warning");

    // with room for the objects alone but not their reference slots, the bound on the references
    // warns before the second pass, and the index (whose references need more too) not again
    long objects = report.dump().objects();
    long[] counts = indexed(dump);
    StringWriter later = new StringWriter();
    HeapAnalyzer.analyze(
        dump,
        new AnalysisOptions(5),
        new MemoryForecast(
            null, new PrintWriter(later), HeapAnalyzer.heapNeeded(objects, 0), 24 * GB));
    assertThat(later.toString())
        .startsWith(
            String.format(
                Locale.ROOT,
                "leakscope: warning: %s has %,d objects and up to %,d references (the null ones"
                    + " are not told apart yet); with all of them, analyzing it takes about",
                dump,
                objects,
                counts[2]))
        .containsOnlyOnce("warning");
  }

  /**
   * A dump made mostly of references: 54 arrays each holding every session, as in the benchmark
   * where the second pass's edges ran out of memory before the index was built, so before any
   * warning (4M objects and 220M references with -Xmx700m). The slots of the objects, counted
   * before the second pass, bound the references from above; here every session's payload is null,
   * so they exceed the references by at least one per session.
   */
  @Test
  void theReferenceSlotsBoundTheReferencesBeforeTheSecondPass() throws IOException {
    ScaleDump.Shape shape = ScaleDump.Shape.of(20_000, 0, 100, 10, 54);
    Path dump = scaleDump(shape);

    long[] counts = indexed(dump);

    long references = counts[1];
    long atMost = counts[2];
    assertThat(references).isGreaterThanOrEqualTo(shape.references());
    assertThat(atMost).isGreaterThanOrEqualTo(references + shape.sessions());
    // with a heap for the references but not for their slots, the bound warns that it may run out
    StringWriter err = new StringWriter();
    HeapAnalyzer.analyze(
        dump,
        new AnalysisOptions(5),
        new MemoryForecast(
            null, new PrintWriter(err), HeapAnalyzer.heapNeeded(counts[0], references), 24 * GB));
    assertThat(err.toString())
        .startsWith(
            String.format(
                Locale.ROOT,
                "leakscope: warning: %s has %,d objects and up to %,d references (",
                dump,
                counts[0],
                atMost))
        .contains("so it may run out of memory.")
        .containsOnlyOnce("warning");
  }

  private Path scaleDump(ScaleDump.Shape shape) throws IOException {
    Path file = dir.resolve("scale-" + shape.sessions() + ".hprof");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      ScaleDump.write(shape, out, 1_700_000_000_000L, null);
    }
    return file;
  }

  private CliRun analyzeInChild(Path dump, long maxHeap) throws Exception {
    return CliRun.inChildJvm(
        List.of(),
        List.of(
            "-Xmx" + (maxHeap >> 20) + "m",
            "-XX:+UseSerialGC",
            "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=20",
            "-Xmn32m"),
        dir.resolve("child-" + maxHeap + ".err"),
        "analyze",
        dump.toString(),
        "--output",
        dir.resolve("report-" + maxHeap + ".txt").toString());
  }
}
