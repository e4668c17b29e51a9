package io.leakscope.watchdog;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * Samples the {@link Signal}s through a {@link SignalProbe} and judges the trended ones.
 *
 * <p>Design note. Sampling is driven by the watchdog's own checks, on its thread: a check takes a
 * sample when at least {@code sampleIntervalMillis} have passed since the last one (the watchdog
 * uses the check interval or a window / {@value Watchdog#BUCKETS_PER_WINDOW}, whichever is longer,
 * so that a window holds about as many samples as the live-set ring). Application threads never run
 * any of this, and a watchdog that is not started samples nothing.
 *
 * <p>Each trended signal has a ring of {@code capacity} longs, sharing one ring of times: 8 bytes
 * per signal and sample plus 8 for the time; with the watchdog's capacity of 96, under 6 KiB in
 * all. Judging copies the samples of one signal after warm-up and runs {@link TrendAnalysis} on
 * them with the watchdog's window, p-value and minimum sample count and the signal's own thresholds
 * ({@link Signal#minGrowthPerWindow()} as a rate over the window, {@link
 * Signal#minRelativeGrowth()}). Warm-up counts from the first sample ever, once; a value of -1 (a
 * read that failed) is left out of the series.
 *
 * <p>Not thread-safe: one thread samples and judges; the {@link Signals} it returns are immutable.
 */
final class ResourceSignals {

  private static final Signal[] ALL = Signal.values();

  private final SignalProbe probe;
  private final long sampleIntervalMillis;
  private final long[] times;
  private final long[][] series = new long[ALL.length][];
  private final long[] latest = new long[ALL.length];
  private final boolean[] available = new boolean[ALL.length];
  private int next;
  private int count;
  private long firstMillis = Long.MIN_VALUE;
  private long lastMillis = Long.MIN_VALUE;

  /**
   * @param probe reads the values; its {@link SignalProbe#unavailable()} is fixed
   * @param capacity samples kept per signal, oldest overwritten; 2 or more
   * @param sampleIntervalMillis least time between two samples, 1 or more
   */
  ResourceSignals(SignalProbe probe, int capacity, long sampleIntervalMillis) {
    if (capacity < 2) {
      throw new IllegalArgumentException("capacity: " + capacity + " (expected: 2+)");
    }
    if (sampleIntervalMillis < 1) {
      throw new IllegalArgumentException(
          "sampleIntervalMillis: " + sampleIntervalMillis + " (expected: 1+)");
    }
    this.probe = probe;
    this.sampleIntervalMillis = sampleIntervalMillis;
    this.times = new long[capacity];
    for (Signal s : ALL) {
      available[s.ordinal()] = !probe.unavailable().containsKey(s);
      if (s.trended() && available[s.ordinal()]) {
        series[s.ordinal()] = new long[capacity];
      }
    }
  }

  /** The signals this JVM cannot give, with the reason; fixed. */
  Map<Signal, String> unavailable() {
    return probe.unavailable();
  }

  long sampleIntervalMillis() {
    return sampleIntervalMillis;
  }

  /** Takes a sample unless the last one is less than the sample interval old. */
  boolean sampleIfDue(long nowMillis) {
    if (lastMillis != Long.MIN_VALUE && nowMillis - lastMillis < sampleIntervalMillis) {
      return false;
    }
    probe.read(latest);
    if (firstMillis == Long.MIN_VALUE) {
      firstMillis = nowMillis;
    }
    lastMillis = nowMillis;
    times[next] = nowMillis;
    for (Signal s : ALL) {
      if (series[s.ordinal()] != null) {
        series[s.ordinal()][next] = latest[s.ordinal()];
      }
    }
    next = (next + 1) % times.length;
    count = Math.min(count + 1, times.length);
    return true;
  }

  /** The latest values and, for trended signals, the verdicts under these settings. */
  Signals judge(TrendSettings trend) {
    if (count == 0) {
      long[] none = new long[ALL.length];
      Arrays.fill(none, -1);
      return new Signals(none, available, new Signals.Trend[ALL.length]);
    }
    Signals.Trend[] trends = new Signals.Trend[ALL.length];
    long warmUpEnds = firstMillis + trend.warmUp().toMillis();
    long[] t = new long[count];
    long[] y = new long[count];
    for (Signal s : ALL) {
      long[] ring = series[s.ordinal()];
      if (ring == null) {
        continue;
      }
      int n = 0;
      int start = (next - count + times.length) % times.length;
      for (int i = 0; i < count; i++) {
        int j = (start + i) % times.length;
        if (times[j] >= warmUpEnds && ring[j] >= 0) {
          t[n] = times[j];
          y[n] = ring[j];
          n++;
        }
      }
      TrendVerdict v = TrendAnalysis.analyze(t, y, n, -1, settingsFor(s, trend));
      trends[s.ordinal()] =
          new Signals.Trend(v.leaking(), v.slopeBytesPerSecond(), v.pValue(), v.samples());
    }
    return new Signals(latest, available, trends);
  }

  private static TrendSettings settingsFor(Signal s, TrendSettings trend) {
    double windowSeconds = Math.max(1e-3, trend.window().toMillis() / 1000.0);
    return new TrendSettings(
        trend.window(),
        Duration.ZERO,
        trend.maxPValue(),
        s.minGrowthPerWindow() / windowSeconds,
        s.minRelativeGrowth(),
        trend.minSamples());
  }
}
