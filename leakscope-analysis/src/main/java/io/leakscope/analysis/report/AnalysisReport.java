package io.leakscope.analysis.report;

import java.util.List;

/**
 * The result of analyzing one heap dump: the value behind every renderer (text, JSON, HTML). Field
 * names follow the JSON report contract in DESIGN.md.
 *
 * @param dump summary of the dump and its index
 * @param histogram every class with at least one instance, largest shallow bytes first
 * @param dominators the biggest objects by retained size (top N)
 * @param suspects leak suspects, best first (empty until suspects are implemented)
 * @param timings how long each phase took
 */
public record AnalysisReport(
    DumpSummary dump,
    List<HistogramRow> histogram,
    List<DominatorEntry> dominators,
    List<Suspect> suspects,
    Timings timings) {

  /** Version of the JSON layout; bumped when a field changes meaning. */
  public static final int SCHEMA_VERSION = 1;

  public AnalysisReport {
    histogram = List.copyOf(histogram);
    dominators = List.copyOf(dominators);
    suspects = List.copyOf(suspects);
  }
}
