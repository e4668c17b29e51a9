package io.leakscope.watchdog;

import java.time.Duration;
import java.util.Objects;

/**
 * How the watchdog watches the whole process's memory ({@link Watchdog#latestMemory()}).
 *
 * @param interval least time between two footprints; positive. A footprint costs about 36 ms of the
 *     watchdog thread's CPU on a small JVM, so the default 30 s keeps it near 0.1% of a core. It is
 *     taken at a check, so the watchdog's check interval is the shortest it can be
 * @param nativeGrowth window, warm-up and thresholds of the native-growth verdict ({@link
 *     NativeGrowth#defaults()}: 10 minutes after 10); the window must hold {@code minSamples}
 *     footprints
 * @param nearLimitShare the share of the container's limit past which the working set is {@code
 *     MEMORY_NEAR_LIMIT} and evidence is written while the JVM lives, in (0, 1]
 * @throws NullPointerException when a component is null
 * @throws IllegalArgumentException when a component is out of range; the message names it
 */
public record MemorySettings(Duration interval, TrendSettings nativeGrowth, double nearLimitShare) {

  /** The default least time between two footprints. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

  /** The default share of the container's limit past which evidence is written. */
  public static final double DEFAULT_NEAR_LIMIT_SHARE = 0.9;

  public MemorySettings {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(nativeGrowth, "nativeGrowth");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval: " + interval + " (expected: > 0)");
    }
    if (!(nearLimitShare > 0 && nearLimitShare <= 1)) {
      throw new IllegalArgumentException(
          "nearLimitShare: " + nearLimitShare + " (expected: > 0 and <= 1)");
    }
  }

  /** A footprint every 30 s, {@link NativeGrowth#defaults()}, evidence past 90% of the limit. */
  public static MemorySettings defaults() {
    return new MemorySettings(DEFAULT_INTERVAL, NativeGrowth.defaults(), DEFAULT_NEAR_LIMIT_SHARE);
  }

  /**
   * The shortest native-growth window that holds {@code minSamples} footprints {@code interval}
   * apart: {@code (minSamples - 1) × interval}. A shorter window never judges.
   */
  public static Duration shortestWindow(Duration interval, int minSamples) {
    return interval.multipliedBy(Math.max(1, minSamples - 1));
  }
}
