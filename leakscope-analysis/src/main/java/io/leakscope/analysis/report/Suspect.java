package io.leakscope.analysis.report;

import java.util.List;

/**
 * A leak suspect: the field that keeps an accumulation of objects alive.
 *
 * @param rank 1 for the most likely leak
 * @param title one line for a person
 * @param holder the field that holds the accumulation: {@code Class.field} for a static field,
 *     {@code DeclaringClass.field} for an instance field
 * @param accumulatedClass class of the objects that accumulate
 * @param instances how many of them
 * @param retainedBytes bytes retained by the holder
 * @param growthBytes growth since the oldest baseline, or null without baselines
 * @param pathFromGcRoot path from a GC root to the holder, root first
 * @param explanation what to look at, for a person
 */
public record Suspect(
    int rank,
    String title,
    String holder,
    String accumulatedClass,
    long instances,
    long retainedBytes,
    Long growthBytes,
    List<String> pathFromGcRoot,
    String explanation) {

  public Suspect {
    pathFromGcRoot = List.copyOf(pathFromGcRoot);
  }
}
