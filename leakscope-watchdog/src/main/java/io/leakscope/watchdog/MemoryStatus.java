package io.leakscope.watchdog;

import java.util.Objects;

/**
 * The watchdog's latest view of the whole process's memory ({@link Watchdog#latestMemory()}): the
 * footprint it sampled last and the two verdicts judged on it. Immutable; taken by the watchdog's
 * thread at most every 30 s and published whole, so a reader on another thread (the metrics, the
 * endpoint) sees one consistent sample.
 *
 * @param footprint the latest footprint: RSS, container, JVM figures, NMT when on
 * @param fit whether the heap maximum plus the measured non-heap memory fits the limit
 * @param growth whether the non-heap memory grows, and what grows
 */
public record MemoryStatus(MemoryFootprint footprint, MemoryFit fit, NativeGrowth.Verdict growth) {

  public MemoryStatus {
    Objects.requireNonNull(footprint, "footprint");
    Objects.requireNonNull(fit, "fit");
    Objects.requireNonNull(growth, "growth");
  }
}
