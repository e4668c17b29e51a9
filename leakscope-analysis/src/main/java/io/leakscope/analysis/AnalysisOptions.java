package io.leakscope.analysis;

import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What {@link HeapAnalyzer} computes.
 *
 * @param topDominators how many of the biggest objects by retained size to report (1+)
 * @param baselines older dumps of the same service, in any order (they are ordered by their dump
 *     time); with baselines, suspects are ranked by growth. Empty for a single-dump analysis.
 * @param lenient analyze what a truncated dump holds up to its last complete record instead of
 *     rejecting it; the report's {@link io.leakscope.analysis.report.DumpSummary#truncated()} says
 *     what is missing. Applies to the analyzed dump, not to baselines.
 * @param libraryPackages package prefixes of libraries (e.g. {@code com.acme.platform}) whose
 *     classes are internals, like the JDK's and the well-known libraries' (Guava, Caffeine,
 *     Micrometer, Spring, Netty, …): a suspect is named by the nearest field of the application
 *     itself and counts what the application stores, with the library's internals as detail
 * @param summaryDirectory where the summaries of compared dumps are kept (see {@code
 *     BaselineSummaries}): a baseline with a summary that still matches its file is not analyzed
 *     again, and every dump compared leaves one; null to keep none
 */
public record AnalysisOptions(
    int topDominators,
    List<Path> baselines,
    boolean lenient,
    List<String> libraryPackages,
    @Nullable Path summaryDirectory) {
  public static final AnalysisOptions DEFAULTS = new AnalysisOptions(20);

  public AnalysisOptions {
    if (topDominators < 1) {
      throw new IllegalArgumentException("topDominators: " + topDominators + " (expected: 1+)");
    }
    baselines = List.copyOf(baselines);
    libraryPackages = List.copyOf(libraryPackages);
  }

  public AnalysisOptions(
      int topDominators, List<Path> baselines, boolean lenient, List<String> libraryPackages) {
    this(topDominators, baselines, lenient, libraryPackages, null);
  }

  public AnalysisOptions(int topDominators, List<Path> baselines, boolean lenient) {
    this(topDominators, baselines, lenient, List.of());
  }

  public AnalysisOptions(int topDominators) {
    this(topDominators, List.of());
  }

  public AnalysisOptions(int topDominators, List<Path> baselines) {
    this(topDominators, baselines, false);
  }

  /** These options with {@link #lenient()} set. */
  public AnalysisOptions withLenient(boolean lenient) {
    return new AnalysisOptions(
        topDominators, baselines, lenient, libraryPackages, summaryDirectory);
  }

  /** These options with summaries of compared dumps kept in {@code directory} (null: none). */
  public AnalysisOptions withSummaryDirectory(@Nullable Path directory) {
    return new AnalysisOptions(topDominators, baselines, lenient, libraryPackages, directory);
  }
}
