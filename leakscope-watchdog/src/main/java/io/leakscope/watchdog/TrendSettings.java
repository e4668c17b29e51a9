package io.leakscope.watchdog;

import java.time.Duration;
import java.util.Objects;

/**
 * The knobs of {@link TrendAnalysis}: which samples count, and how strong an upward trend must be
 * before the live set after GC is called leaking.
 *
 * <p>All four conditions must hold for a leak: at least {@code minSamples} samples, a one-sided
 * Mann–Kendall p-value of at most {@code maxPValue}, a Theil–Sen slope above {@code
 * minGrowthBytesPerSecond}, and growth over the analysed span of at least {@code minRelativeGrowth}
 * times the median live set.
 *
 * @param window only samples no older than this, counted back from the latest sample, are analysed;
 *     must be positive
 * @param warmUp samples taken earlier than this after the first sample are ignored, so that caches
 *     and pools filling up at start are not mistaken for a leak; zero or positive
 * @param maxPValue the largest one-sided p-value still called significant, in (0, 1]
 * @param minGrowthBytesPerSecond the slope must exceed this absolute rate; zero or positive, finite
 * @param minRelativeGrowth slope × analysed span must reach this fraction of the median live set;
 *     zero or positive, finite
 * @param minSamples below this many usable samples nothing is concluded: the state is {@link
 *     TrendVerdict.State#INSUFFICIENT_DATA} (it also stays so, short of a whole window, while the
 *     slope kept up over a window could still pass the growth thresholds; see {@link
 *     TrendAnalysis}); 3 or more
 * @throws NullPointerException if {@code window} or {@code warmUp} is null
 * @throws IllegalArgumentException if a knob is out of its range; the message names the knob, its
 *     value and the allowed range
 */
public record TrendSettings(
    Duration window,
    Duration warmUp,
    double maxPValue,
    double minGrowthBytesPerSecond,
    double minRelativeGrowth,
    int minSamples) {

  public TrendSettings {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(warmUp, "warmUp");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window: " + window + " (expected: > 0)");
    }
    if (warmUp.isNegative()) {
      throw new IllegalArgumentException("warmUp: " + warmUp + " (expected: >= 0)");
    }
    if (!(maxPValue > 0.0 && maxPValue <= 1.0)) {
      throw new IllegalArgumentException("maxPValue: " + maxPValue + " (expected: > 0 and <= 1)");
    }
    if (!(minGrowthBytesPerSecond >= 0.0) || Double.isInfinite(minGrowthBytesPerSecond)) {
      throw new IllegalArgumentException(
          "minGrowthBytesPerSecond: " + minGrowthBytesPerSecond + " (expected: >= 0, finite)");
    }
    if (!(minRelativeGrowth >= 0.0) || Double.isInfinite(minRelativeGrowth)) {
      throw new IllegalArgumentException(
          "minRelativeGrowth: " + minRelativeGrowth + " (expected: >= 0, finite)");
    }
    if (minSamples < 3) {
      // Mann–Kendall has no power below 3 samples: with n = 3 the smallest p-value is 0.15.
      throw new IllegalArgumentException("minSamples: " + minSamples + " (expected: 3+)");
    }
  }

  /**
   * Settings for a production service: a 10 minute window after a 2 minute warm-up, p ≤ 0.01, at
   * least 1 KiB/s (about 84 MiB a day), growth of at least 2.5% of the live set over the window,
   * and at least 8 samples.
   *
   * <p>The 2.5% sits halfway between a flat live set and a leak of 0.5% of the live set per minute
   * (5% over the window): with ±5% noise and a sample every 2 seconds both sit more than 4 standard
   * errors of the estimated growth away from it (see {@code TrendAnalysisTest}).
   */
  public static TrendSettings defaults() {
    return new TrendSettings(Duration.ofMinutes(10), Duration.ofMinutes(2), 0.01, 1024.0, 0.025, 8);
  }
}
