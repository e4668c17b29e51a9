package io.leakscope.analysis;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link HeapAnalyzer} computes.
 *
 * @param topDominators how many of the biggest objects by retained size to report (1+)
 * @param baselines older dumps of the same service, in any order (they are ordered by their dump
 *     time); with baselines, suspects are ranked by growth. Empty for a single-dump analysis.
 * @param lenient analyze what a truncated dump holds up to its last complete record instead of
 *     rejecting it; the report's {@link io.leakscope.analysis.report.DumpSummary#truncated()} says
 *     what is missing. Applies to the analyzed dump, not to baselines.
 */
public record AnalysisOptions(int topDominators, List<Path> baselines, boolean lenient) {
  public static final AnalysisOptions DEFAULTS = new AnalysisOptions(20);

  public AnalysisOptions {
    if (topDominators < 1) {
      throw new IllegalArgumentException("topDominators: " + topDominators + " (expected: 1+)");
    }
    baselines = List.copyOf(baselines);
  }

  public AnalysisOptions(int topDominators) {
    this(topDominators, List.of());
  }

  public AnalysisOptions(int topDominators, List<Path> baselines) {
    this(topDominators, baselines, false);
  }

  /** These options with {@link #lenient()} set. */
  public AnalysisOptions withLenient(boolean lenient) {
    return new AnalysisOptions(topDominators, baselines, lenient);
  }
}
