package io.leakscope.analysis.report;

import java.util.List;

/**
 * What changed between two dumps of the same service ({@code leakscope diff OLD NEW}).
 *
 * @param older summary of the older dump
 * @param newer summary of the newer dump
 * @param classes every class whose instances or bytes changed, most bytes gained first
 * @param growingHolders holders whose retained size grew, most growth first, as in {@code analyze
 *     NEW --baseline OLD}
 */
public record DiffReport(
    DumpSummary older, DumpSummary newer, List<ClassDelta> classes, List<Suspect> growingHolders) {

  public DiffReport {
    classes = List.copyOf(classes);
    growingHolders = List.copyOf(growingHolders);
  }
}
