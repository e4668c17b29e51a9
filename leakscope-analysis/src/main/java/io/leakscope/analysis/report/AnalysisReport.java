package io.leakscope.analysis.report;

import java.util.List;

/**
 * The result of analyzing one heap dump: the value behind every renderer (text, JSON, HTML). Field
 * names follow the JSON report contract in docs/design.md.
 *
 * @param dump summary of the dump and its index
 * @param histogram every class with at least one instance, largest shallow bytes first
 * @param dominators the biggest objects by retained size (top N)
 * @param suspects leak suspects, best first
 * @param timings how long each phase took
 * @param baselines summaries of the older dumps the suspects were compared with, oldest first;
 *     empty without baselines
 * @param dominatorTree the top of the dominator tree: the biggest top-level objects and, under
 *     each, its biggest dominated objects a few levels deep
 * @param inspections memory waste that is not a leak, most wasted bytes first
 * @param nativeMemory memory outside the heap that the dump's direct and mapped buffers hold, and
 *     its biggest holders
 */
public record AnalysisReport(
    DumpSummary dump,
    List<HistogramRow> histogram,
    List<DominatorEntry> dominators,
    List<Suspect> suspects,
    Timings timings,
    List<DumpSummary> baselines,
    List<DominatorNode> dominatorTree,
    List<Inspection> inspections,
    NativeMemorySummary nativeMemory) {

  /** Version of the JSON layout; bumped when a field changes meaning. */
  public static final int SCHEMA_VERSION = 1;

  public AnalysisReport {
    histogram = List.copyOf(histogram);
    dominators = List.copyOf(dominators);
    suspects = List.copyOf(suspects);
    baselines = List.copyOf(baselines);
    dominatorTree = List.copyOf(dominatorTree);
    inspections = List.copyOf(inspections);
  }

  /** A report without native memory. */
  public AnalysisReport(
      DumpSummary dump,
      List<HistogramRow> histogram,
      List<DominatorEntry> dominators,
      List<Suspect> suspects,
      Timings timings,
      List<DumpSummary> baselines,
      List<DominatorNode> dominatorTree,
      List<Inspection> inspections) {
    this(
        dump,
        histogram,
        dominators,
        suspects,
        timings,
        baselines,
        dominatorTree,
        inspections,
        NativeMemorySummary.EMPTY);
  }

  /** A report without baselines, dominator tree or inspections. */
  public AnalysisReport(
      DumpSummary dump,
      List<HistogramRow> histogram,
      List<DominatorEntry> dominators,
      List<Suspect> suspects,
      Timings timings) {
    this(dump, histogram, dominators, suspects, timings, List.of(), List.of(), List.of());
  }

  /** This report with other timings. */
  public AnalysisReport withTimings(Timings newTimings) {
    return new AnalysisReport(
        dump,
        histogram,
        dominators,
        suspects,
        newTimings,
        baselines,
        dominatorTree,
        inspections,
        nativeMemory);
  }

  /** This report with other suspects and the baselines they were compared with. */
  public AnalysisReport withSuspects(List<Suspect> newSuspects, List<DumpSummary> newBaselines) {
    return new AnalysisReport(
        dump,
        histogram,
        dominators,
        newSuspects,
        timings,
        newBaselines,
        dominatorTree,
        inspections,
        nativeMemory);
  }
}
