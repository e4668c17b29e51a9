package io.leakscope.watchdog;

import java.util.Objects;

/**
 * The resource signals at one check: each {@link Signal}'s latest value and, for trended ones, the
 * verdict. Immutable; every accessor is a plain array read, so a metrics gauge may call it as often
 * as it likes without allocating.
 */
public final class Signals {

  /** A trended signal's verdict; {@code null} entries for untrended or not yet judged signals. */
  record Trend(boolean growing, double growthPerSecond, double pValue, int samples) {}

  private final long[] values;
  private final boolean[] available;
  private final Trend[] trends;

  Signals(long[] values, boolean[] available, Trend[] trends) {
    this.values = values.clone();
    this.available = available.clone();
    this.trends = trends.clone();
  }

  /**
   * Whether this JVM offers the signal: file descriptors need a Unix {@code OperatingSystemMXBean},
   * class loaders HotSpot's {@code VM.classloader_stats}, buffers a {@code BufferPoolMXBean}.
   */
  public boolean available(Signal signal) {
    return available[Objects.requireNonNull(signal, "signal").ordinal()];
  }

  /**
   * The latest value (a count or bytes), or -1 when the signal is unavailable, not sampled yet, or
   * its last read failed.
   */
  public long value(Signal signal) {
    return available(signal) ? values[signal.ordinal()] : -1;
  }

  /** Whether a trended signal grows steadily over the window (always false for others). */
  public boolean growing(Signal signal) {
    Trend t = trends[Objects.requireNonNull(signal, "signal").ordinal()];
    return t != null && t.growing();
  }

  /** Theil–Sen growth per second of a trended signal; 0 for others and before a verdict. */
  public double growthPerSecond(Signal signal) {
    Trend t = trends[Objects.requireNonNull(signal, "signal").ordinal()];
    return t == null ? 0.0 : t.growthPerSecond();
  }

  /** One-sided Mann–Kendall p-value of a trended signal's growth; 1 for others. */
  public double pValue(Signal signal) {
    Trend t = trends[Objects.requireNonNull(signal, "signal").ordinal()];
    return t == null ? 1.0 : t.pValue();
  }

  /** How many samples after warm-up the verdict rests on; 0 for untrended signals. */
  public int samples(Signal signal) {
    Trend t = trends[Objects.requireNonNull(signal, "signal").ordinal()];
    return t == null ? 0 : t.samples();
  }
}
