package io.leakscope.analysis;

import io.leakscope.analysis.AnalysisPipeline.Purpose;
import io.leakscope.analysis.internal.growth.BaselineSummaries;
import io.leakscope.analysis.internal.growth.SuspectGrowth;
import io.leakscope.analysis.internal.suspects.ApplicationPackages;
import io.leakscope.analysis.report.AnalysisReport;
import io.leakscope.analysis.report.ClassDelta;
import io.leakscope.analysis.report.DiffReport;
import io.leakscope.analysis.report.HistogramReport;
import io.leakscope.analysis.report.HistogramRow;
import io.leakscope.analysis.report.Suspect;
import io.leakscope.heap.ClassCensus;
import io.leakscope.heap.ObjectLayout;
import io.leakscope.hprof.HprofFormatException;
import io.leakscope.hprof.ProgressListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Analyzes one heap dump into an {@link AnalysisReport}: index, dominator tree, retained sizes,
 * histogram, the biggest objects and their paths from GC roots, leak suspects and inspections (the
 * steps are in {@code AnalysisPipeline}); with baselines, ranks the suspects by growth.
 */
public final class HeapAnalyzer {
  private HeapAnalyzer() {}

  /** The packages a report's suspects were named with: the options' and the dump's main class. */
  private static ApplicationPackages packages(List<String> libraryPackages, AnalysisReport report) {
    return new ApplicationPackages(libraryPackages, report.dump().mainClass());
  }

  /**
   * With baselines, a suspect that did not grow is kept only while it retains this share of the
   * reachable heap: that of a suspect in a single dump.
   */
  private static final double BIG_SHARE = Purpose.SINGLE_DUMP.suspectShare;

  /** How far down a baseline's suspects go: a holder missing there held less. */
  private static final SuspectGrowth.Recorded RECORDED =
      new SuspectGrowth.Recorded(Purpose.COMPARED.suspectShare, Purpose.COMPARED.maxSuspects);

  /**
   * Java heap the analysis takes per two objects at its most: once the index is built, the graph's
   * edge starts (2.1 bytes per object), the classes (2) and the sizes (1) stay in memory beside the
   * dominator computation's first arrays (4, then 12 per vertex with the graph parked), with the
   * collector's room to move them. See {@link #heapNeeded}.
   */
  static final int HEAP_BYTES_PER_TWO_OBJECTS = 25;

  /**
   * And per reference: the graph's edges (4 bytes) from the index to the dominators' search, then
   * the predecessor lists (4 per entry), with the collector's room.
   */
  static final int HEAP_BYTES_PER_REFERENCE = 5;

  /** And whatever the dump's size: the class table, the dump's strings, buffers, the report. */
  static final long HEAP_BYTES_FIXED = 64L << 20;

  /**
   * About the most Java heap {@link #analyze} and {@link #diff} need for a dump of {@code objects}
   * objects and {@code references} references (as its index counts them; see {@link
   * ProgressListener#indexed}), so that a caller can warn before the work rather than fail in it:
   * 64 MiB, 12.5 bytes per object and 5 per reference. Fitted to the smallest {@code -Xmx} that
   * finishes with the launcher's options (serial collector), bisected on five dumps: 561 to 570 MiB
   * for the benchmark's 1.5 GB real dump of 30.6M objects and 40.6M references (623 MiB estimated);
   * 3,881 to 4,040 MiB for an 11.4 GB real dump of 227M objects and 301M references (4,208 MiB);
   * 2,801 to 2,850 MiB for a generated dump of 200M objects and as many references (3,404 MiB); a
   * generated dump of a billion objects and as many references (16.4 GiB) was analyzed with 16.45
   * GiB; and 944 to 959 MiB for a generated dump made mostly of references, 4M objects and 220M
   * references (1,161 MiB). Real dumps take more per object than generated ones, so the estimate is
   * closest for them. Dumps of other shapes may take more: it is for a warning, not a limit.
   */
  public static long heapNeeded(long objects, long references) {
    return HEAP_BYTES_FIXED
        + objects * HEAP_BYTES_PER_TWO_OBJECTS / 2
        + references * HEAP_BYTES_PER_REFERENCE;
  }

  /**
   * Reads {@code dump} (plain or gzip HPROF) once and counts its objects by class, keeping nothing
   * per object ({@link ClassCensus}): the class histogram of a dump of any size and object count,
   * without retained sizes. With {@code lenient}, a truncated dump is counted up to its last
   * complete record.
   *
   * @throws HprofFormatException if the dump is malformed or truncated; its {@link
   *     HprofFormatException#dump()} is {@code dump}
   * @throws IOException if the file cannot be read
   * @throws java.util.concurrent.CancellationException if {@code progress} cancelled the work
   */
  public static HistogramReport histogram(Path dump, ProgressListener progress, boolean lenient)
      throws IOException {
    ClassCensus census;
    try {
      census = ClassCensus.read(dump, progress, lenient);
    } catch (HprofFormatException e) {
      throw e.withDump(dump);
    }
    ObjectLayout layout = census.layout();
    List<HistogramReport.Row> rows = new ArrayList<>(census.rows().size());
    for (ClassCensus.Row r : census.rows()) {
      rows.add(new HistogramReport.Row(r.className(), r.instances(), r.shallowBytes()));
    }
    return new HistogramReport(
        new HistogramReport.Dump(
            dump.toString(),
            census.fileBytes(),
            census.format(),
            census.idSize(),
            census.gzip(),
            census.timestampMillis(),
            census.objects(),
            census.classes(),
            census.totalShallowBytes(),
            layout.compressedOops(),
            layout.compressedClassPointers(),
            layout.alignment(),
            census.truncation().map(AnalysisPipeline::truncation).orElse(null)),
        rows,
        census.millis());
  }

  /**
   * Reads {@code dump} (plain or gzip HPROF), builds the index and computes histogram, dominators,
   * retained sizes and paths from GC roots.
   *
   * @throws HprofFormatException if the dump or a baseline is malformed (or truncated, where not
   *     {@linkplain AnalysisOptions#lenient() lenient}); its {@link HprofFormatException#dump()} is
   *     the file that failed, {@code dump} or one of the baselines, as given here
   * @throws IOException if a file cannot be read
   * @throws java.util.concurrent.CancellationException if {@code progress} cancelled the work
   */
  public static AnalysisReport analyze(
      Path dump, AnalysisOptions options, ProgressListener progress) throws IOException {
    if (options.baselines().isEmpty()) {
      return AnalysisPipeline.run(dump, options, progress, Purpose.SINGLE_DUMP);
    }
    List<AnalysisReport> older = new ArrayList<>();
    for (Path baseline : options.baselines()) {
      // one dump at a time: only its report is kept, so memory stays that of one analysis
      older.add(
          analyzeForComparison(
              baseline, options.libraryPackages(), options.summaryDirectory(), progress));
    }
    AnalysisReport newest =
        AnalysisPipeline.run(dump, options, progress, Purpose.NEWEST_OF_SEVERAL);
    if (options.summaryDirectory() != null && newest.dump().truncated() == null) {
      // its suspects before ranking are those of a comparison (same share, same count): the next
      // analysis that takes this dump as a baseline reads them instead of the dump
      new BaselineSummaries(options.summaryDirectory())
          .write(
              dump, options.libraryPackages(), newest.withSuspects(newest.suspects(), List.of()));
    }
    long start = System.nanoTime();
    AnalysisReport ranked =
        SuspectGrowth.rank(
            newest, older, BIG_SHARE, RECORDED, packages(options.libraryPackages(), newest));
    return ranked.withTimings(
        ranked.timings().plusSuspectMillis((System.nanoTime() - start) / 1_000_000));
  }

  /**
   * Compares two dumps of the same service: the change of every class, and the holders that grew
   * (as {@code analyze newer --baseline older} ranks them).
   *
   * @throws HprofFormatException if a dump is malformed or truncated; its {@link
   *     HprofFormatException#dump()} is the file that failed, {@code older} or {@code newer}
   * @throws IOException if a file cannot be read
   */
  public static DiffReport diff(Path older, Path newer, ProgressListener progress)
      throws IOException {
    return diff(older, newer, List.of(), progress);
  }

  /**
   * As {@link #diff(Path, Path, ProgressListener)}, with more library package prefixes (see {@link
   * AnalysisOptions#libraryPackages()}).
   *
   * @throws HprofFormatException if a dump is malformed or truncated; its {@link
   *     HprofFormatException#dump()} is the file that failed, {@code older} or {@code newer}
   * @throws IOException if a file cannot be read
   */
  public static DiffReport diff(
      Path older, Path newer, List<String> libraryPackages, ProgressListener progress)
      throws IOException {
    return diff(older, newer, libraryPackages, null, progress);
  }

  /**
   * As {@link #diff(Path, Path, List, ProgressListener)}, reusing and leaving summaries of both
   * dumps in {@code summaryDirectory} (see {@link AnalysisOptions#summaryDirectory()}; null: none).
   *
   * @throws HprofFormatException if a dump is malformed or truncated; its {@link
   *     HprofFormatException#dump()} is the file that failed, {@code older} or {@code newer}
   * @throws IOException if a file cannot be read
   */
  public static DiffReport diff(
      Path older,
      Path newer,
      List<String> libraryPackages,
      @Nullable Path summaryDirectory,
      ProgressListener progress)
      throws IOException {
    AnalysisReport before =
        analyzeForComparison(older, libraryPackages, summaryDirectory, progress);
    AnalysisReport after = analyzeForComparison(newer, libraryPackages, summaryDirectory, progress);
    List<Suspect> growing = new ArrayList<>();
    for (Suspect s :
        SuspectGrowth.rank(
                after, List.of(before), BIG_SHARE, RECORDED, packages(libraryPackages, after))
            .suspects()) {
      // significant growth only: not a cache's churn at its bound, nor a buffer's ups and downs
      if (s.grewSignificantly()) {
        growing.add(s);
      }
    }
    Map<String, long[]> rows = new LinkedHashMap<>(); // name -> {instances, bytes} before, after
    for (HistogramRow r : before.histogram()) {
      long[] v = rows.computeIfAbsent(r.className(), k -> new long[4]);
      v[0] += r.instances();
      v[1] += r.shallowBytes();
    }
    for (HistogramRow r : after.histogram()) {
      long[] v = rows.computeIfAbsent(r.className(), k -> new long[4]);
      v[2] += r.instances();
      v[3] += r.shallowBytes();
    }
    List<ClassDelta> classes = new ArrayList<>();
    rows.forEach(
        (name, v) -> {
          if (v[0] != v[2] || v[1] != v[3]) {
            classes.add(new ClassDelta(name, v[0], v[2], v[2] - v[0], v[1], v[3], v[3] - v[1]));
          }
        });
    classes.sort(
        Comparator.comparingLong(ClassDelta::shallowBytesDelta)
            .reversed()
            .thenComparing(ClassDelta::className));
    return new DiffReport(before.dump(), after.dump(), classes, growing);
  }

  /**
   * A baseline's report (or either side of a diff): as a growth ranking needs it, never lenient,
   * its holders named with the same library packages as the other side's. From the dump's summary
   * when one still matches it; else the dump is analyzed and its summary left for the next time.
   */
  private static AnalysisReport analyzeForComparison(
      Path dump,
      List<String> libraryPackages,
      @Nullable Path summaryDirectory,
      ProgressListener progress)
      throws IOException {
    BaselineSummaries summaries =
        summaryDirectory == null ? null : new BaselineSummaries(summaryDirectory);
    if (summaries != null) {
      Optional<AnalysisReport> kept = summaries.read(dump, libraryPackages);
      if (kept.isPresent()) {
        progress.update("summary", 1, 1);
        return kept.get();
      }
    }
    AnalysisReport report =
        AnalysisPipeline.run(
            dump,
            new AnalysisOptions(1, List.of(), false, libraryPackages),
            progress,
            Purpose.COMPARED);
    if (summaries != null) {
      summaries.write(dump, libraryPackages, report);
    }
    return report;
  }
}
