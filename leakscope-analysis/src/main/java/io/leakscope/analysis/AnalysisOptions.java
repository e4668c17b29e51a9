package io.leakscope.analysis;

/**
 * What {@link HeapAnalyzer} computes.
 *
 * @param topDominators how many of the biggest objects by retained size to report (1+)
 */
public record AnalysisOptions(int topDominators) {
  public static final AnalysisOptions DEFAULTS = new AnalysisOptions(20);

  public AnalysisOptions {
    if (topDominators < 1) {
      throw new IllegalArgumentException("topDominators: " + topDominators + " (expected: 1+)");
    }
  }
}
