package io.leakscope.watchdog;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * Decides whether the live set after GC is really growing, from a series of (time, live bytes)
 * samples.
 *
 * <h2>Design note</h2>
 *
 * <p><b>Samples.</b> Only samples taken at least {@code warmUp} after the first sample and at most
 * {@code window} before the latest sample are used. More than {@value #MAX_SAMPLES} of them are
 * thinned evenly by index to {@value #MAX_SAMPLES}, keeping the first and the last, which bounds
 * the quadratic cost below.
 *
 * <p><b>Slope: Theil–Sen</b> (Theil 1950; Sen 1968). The slope is the median of the pairwise slopes
 * {@code (y_j - y_i) / (t_j - t_i)} over all pairs {@code i < j} with {@code t_j > t_i}; an even
 * number of slopes gives the mean of the two middle ones. Its breakdown point is 29%: one full GC
 * that frees a lot, or one sample taken while a huge request was in flight, moves it hardly at all,
 * where a least-squares slope would follow the outlier. For uniform or normal noise it is as
 * efficient as least squares (asymptotic relative efficiency 1 and 0.95).
 *
 * <p><b>Significance: one-sided Mann–Kendall</b> (Mann 1945; Kendall, <i>Rank Correlation
 * Methods</i>, 1975). With {@code n} samples,
 *
 * <pre>
 *   S      = Σ_{i&lt;j} sgn(y_j − y_i)                    (pairs with t_j = t_i count 0)
 *   Var(S) = [ n(n−1)(2n+5) − Σ_g t_g(t_g−1)(2t_g+5) ] / 18   (t_g: size of a group of equal y)
 *   Z      = (S − 1)/√Var(S) if S &gt; 0,  0 if S = 0,  (S + 1)/√Var(S) if S &lt; 0   (continuity)
 *   p      = P(N(0,1) ≥ Z) = erfc(Z/√2) / 2
 * </pre>
 *
 * The normal approximation is good from about n = 10. Pairs with equal times add nothing to S but
 * are not removed from Var(S), which only makes p larger. When every y is equal Var(S) = 0 and p =
 * 1. {@code erfc} is the Chebyshev fit of Press et al., <i>Numerical Recipes in C</i>, 2nd ed.,
 * §6.2 ({@code erfcc}), with fractional error below 1.2·10⁻⁷ everywhere. Rank-based, the test makes
 * no assumption about the noise distribution and, like the slope, ignores the size of outliers.
 *
 * <p><b>Decision.</b> Leaking = at least {@code minSamples} samples, p ≤ {@code maxPValue}, slope
 * &gt; {@code minGrowthBytesPerSecond}, and slope × (span of the used samples) ≥ {@code
 * minRelativeGrowth} × median live bytes. Significance alone is not enough: with hundreds of
 * samples a cache settling by 1% is significant, and the relative growth rule is what keeps a
 * warmed-up, noisy plateau or a sawtooth of fills and evictions from being called a leak.
 *
 * <p><b>States.</b> Fewer than {@code minSamples} samples: insufficient data. Leaking as above.
 * Otherwise healthy only when the samples span at least {@value #WHOLE_WINDOW} of a window, or when
 * their slope, kept up over a whole window, would stay below the two growth thresholds; otherwise
 * still insufficient data. Over a short span the relative-growth rule is weak: a leak of 1% of the
 * heap a minute under ZGC's noisy readings was called healthy after 8 samples over two minutes
 * (measured), because 2.5% of the live set was not yet reached significantly; the slope said
 * otherwise. Before a whole window the state may go back from healthy to insufficient data when
 * noise lifts the slope.
 *
 * <p><b>Upper bounds</b> ({@link #analyzeUpperBounds}). Between two collections of the old
 * generation its usage after a young collection is the live set plus the garbage promoted since the
 * last one, and that garbage only grows until the next one: so over such a stretch the bound's
 * growth is at least the live set's. A bound that does not grow like a leak therefore proves a live
 * set that does not either, and the verdict is healthy; a bound that grows proves nothing (a cache
 * whose entries are promoted and then die looks exactly like a leak) and the verdict stays
 * insufficient data, never leaking. To call it healthy the bound's Theil–Sen slope, significant or
 * not, must stay below {@code minGrowthBytesPerSecond} or below {@code minRelativeGrowth} × median
 * over a whole {@code window} (not just over the span of the bounds): a short stretch of bounds
 * cannot pass a slow leak as healthy that a whole window of live-set readings would catch.
 *
 * <p><b>Limitation: slow cycles.</b> A cache that fills by a fraction A of the live set and is
 * evicted k times per window can show an apparent growth of up to about A / (2k) when the window
 * starts at the bottom of a cycle. Significance does not help there, so keep the window at least
 * A/(2·{@code minRelativeGrowth}) cycles long: 4 cycles for a cache of 20% under the defaults
 * (measured: a 20% cache evicted every 90 s, 6.7 cycles, alarms in 0.14% of seeds; every 3 minutes,
 * 3.3 cycles, in up to 31% at the worst phase).
 *
 * <p><b>Cost.</b> O(n²) time and n(n−1)/2 doubles for the pairwise slopes, sorted in O(n² log n):
 * at the cap of 1000 samples that is 499,500 slopes, 4 MB of short-lived garbage, and tens of
 * milliseconds. Plus O(n) for the thinned copies and the tie count. Chosen over O(n log n)
 * Theil–Sen algorithms (Cole, Salowe, Steiger, Szemerédi 1989; Matoušek 1991) because a window of
 * GC samples rarely exceeds a few hundred, and the direct form is easy to check against brute
 * force.
 *
 * <p>Stateless and thread-safe.
 */
public final class TrendAnalysis {

  /** The share of a window the samples must span for a healthy verdict on their significance. */
  static final double WHOLE_WINDOW = 0.9;

  /** The most samples analysed; more are thinned evenly. */
  static final int MAX_SAMPLES = 1000;

  /** Numerical Recipes {@code erfcc}, lowest power of t first. */
  private static final double[] ERFC_COEFFICIENTS = {
    -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806,
    0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277
  };

  private TrendAnalysis() {}

  /**
   * Judges the trend of the live set after GC.
   *
   * @param timesMillis sample times in milliseconds (any epoch), oldest first; not null
   * @param liveBytes the live set after a GC at each time; not null
   * @param count how many leading entries of both arrays are samples, 0 to the shorter length
   * @param maxHeapBytes the maximum heap, or 0 or negative when unknown
   * @param settings the knobs; not null
   * @return the verdict; with fewer than {@code settings.minSamples()} usable samples it is
   *     insufficient data, with slope 0, p-value 1.0 and a negative time to full
   * @throws NullPointerException if an array or {@code settings} is null
   * @throws IllegalArgumentException if {@code count} is out of range or the times go backwards
   */
  public static TrendVerdict analyze(
      long[] timesMillis, long[] liveBytes, int count, long maxHeapBytes, TrendSettings settings) {
    Objects.requireNonNull(timesMillis, "timesMillis");
    Objects.requireNonNull(liveBytes, "liveBytes");
    Objects.requireNonNull(settings, "settings");
    int capacity = Math.min(timesMillis.length, liveBytes.length);
    if (count < 0 || count > capacity) {
      throw new IllegalArgumentException("count: " + count + " (expected: 0 to " + capacity + ")");
    }
    for (int i = 1; i < count; i++) {
      if (timesMillis[i] < timesMillis[i - 1]) {
        throw new IllegalArgumentException(
            "timesMillis["
                + i
                + "]: "
                + timesMillis[i]
                + " is before timesMillis["
                + (i - 1)
                + "]: "
                + timesMillis[i - 1]
                + " (expected: oldest first)");
      }
    }
    if (count == 0) {
      return TrendVerdict.NONE;
    }
    long latest = liveBytes[count - 1];
    int from = firstUsable(timesMillis, count, settings);
    int used = count - from;
    int n = Math.min(used, MAX_SAMPLES);
    long[] t = new long[n];
    long[] y = new long[n];
    for (int k = 0; k < n; k++) {
      // Floor of an even spread: distinct indices, the first and the last always kept.
      int i = n == used ? from + k : from + (int) ((long) k * (used - 1) / (n - 1));
      t[k] = timesMillis[i];
      y[k] = liveBytes[i];
    }
    if (n < settings.minSamples()) {
      return new TrendVerdict(TrendVerdict.State.INSUFFICIENT_DATA, n, 0.0, 1.0, latest, -1.0);
    }

    double slope = theilSenSlopePerMilli(t, y, n) * 1000.0;
    double pValue = mannKendallPValue(t, y, n);
    double spanSeconds = (t[n - 1] - t[0]) / 1000.0;
    double growth = slope * spanSeconds;
    double median = median(y, n);
    boolean leaking =
        pValue <= settings.maxPValue()
            && slope > settings.minGrowthBytesPerSecond()
            && growth >= settings.minRelativeGrowth() * median;
    double windowSeconds = saturatedMillis(settings.window()) / 1000.0;
    boolean wholeWindow = spanSeconds >= WHOLE_WINDOW * windowSeconds;
    TrendVerdict.State state =
        leaking
            ? TrendVerdict.State.LEAKING
            : wholeWindow || !couldLeakOverAWindow(slope, median, settings)
                ? TrendVerdict.State.HEALTHY
                : TrendVerdict.State.INSUFFICIENT_DATA;
    double secondsToFull =
        slope > 0.0 && maxHeapBytes > 0
            ? Math.max(0.0, (double) (maxHeapBytes - latest) / slope)
            : -1.0;
    return new TrendVerdict(state, n, slope, pValue, latest, secondsToFull);
  }

  /**
   * Judges a series of upper bounds of the live set (the old generation after young collections,
   * since the latest collection of the old generation): it can only tell that the live set is
   * <em>not</em> leaking. See the design note.
   *
   * @param timesMillis bound times, oldest first; not null
   * @param boundBytes the upper bound at each time; not null
   * @param count how many leading entries are bounds
   * @param maxHeapBytes the maximum heap, or 0 or negative when unknown
   * @param settings the knobs; not null
   * @return {@link TrendVerdict.State#HEALTHY} when there are enough bounds and even their growth,
   *     projected over a whole window, stays below the leak thresholds; otherwise insufficient data
   *     (never leaking), with the bounds' slope and p-value for the record
   * @throws IllegalArgumentException as {@link #analyze}
   */
  public static TrendVerdict analyzeUpperBounds(
      long[] timesMillis, long[] boundBytes, int count, long maxHeapBytes, TrendSettings settings) {
    TrendVerdict v = analyze(timesMillis, boundBytes, count, maxHeapBytes, settings);
    if (v.state() == TrendVerdict.State.INSUFFICIENT_DATA) {
      return v;
    }
    int from = firstUsable(timesMillis, count, settings);
    long[] used = Arrays.copyOfRange(boundBytes, from, count);
    boolean couldLeak =
        couldLeakOverAWindow(v.slopeBytesPerSecond(), median(used, used.length), settings);
    return new TrendVerdict(
        couldLeak ? TrendVerdict.State.INSUFFICIENT_DATA : TrendVerdict.State.HEALTHY,
        v.samples(),
        v.slopeBytesPerSecond(),
        v.pValue(),
        v.liveBytes(),
        couldLeak ? -1.0 : v.secondsToFull());
  }

  /**
   * Whether the growth persists: the Theil–Sen slope over the later half of the samples {@code
   * whole} rests on (the last {@code whole.samples()} of the first {@code count}) reaches {@code
   * share} of the whole slope. A step, or the rising flank of a saw-tooth that has not fallen yet,
   * puts its growth in one half; a leak grows in both. With fewer than 3 samples in that half it
   * persists.
   */
  static boolean persists(long[] t, long[] y, int count, TrendVerdict whole, double share) {
    int from = count - whole.samples();
    int half = from + whole.samples() / 2;
    int n = count - half;
    if (n < 3) {
      return true;
    }
    long[] ht = Arrays.copyOfRange(t, half, count);
    long[] hy = Arrays.copyOfRange(y, half, count);
    double slope = theilSenSlopePerMilli(ht, hy, n) * 1000.0;
    return slope >= share * whole.slopeBytesPerSecond();
  }

  /**
   * Whether a slope kept up over a whole window would pass the leak thresholds but significance.
   */
  private static boolean couldLeakOverAWindow(
      double slopePerSecond, double median, TrendSettings settings) {
    double windowSeconds = saturatedMillis(settings.window()) / 1000.0;
    return slopePerSecond > settings.minGrowthBytesPerSecond()
        && slopePerSecond * windowSeconds >= settings.minRelativeGrowth() * median;
  }

  private static int firstUsable(long[] timesMillis, int count, TrendSettings settings) {
    long first = timesMillis[0];
    long last = timesMillis[count - 1];
    long warmUp = saturatedMillis(settings.warmUp());
    long window = saturatedMillis(settings.window());
    int from = 0;
    // Differences, not first + warmUp, so that epochs near Long.MAX_VALUE cannot overflow.
    while (from < count
        && (timesMillis[from] - first < warmUp || last - timesMillis[from] > window)) {
      from++;
    }
    return from;
  }

  private static long saturatedMillis(Duration duration) {
    try {
      return duration.toMillis();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  /** Theil–Sen: the median of the pairwise slopes with distinct times, 0 when there are none. */
  static double theilSenSlopePerMilli(long[] t, long[] y, int n) {
    double[] slopes = new double[n * (n - 1) / 2];
    int m = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        if (t[j] != t[i]) {
          slopes[m++] = (double) (y[j] - y[i]) / (double) (t[j] - t[i]);
        }
      }
    }
    if (m == 0) {
      return 0.0;
    }
    Arrays.sort(slopes, 0, m);
    return (m & 1) == 1 ? slopes[m / 2] : (slopes[m / 2 - 1] + slopes[m / 2]) / 2.0;
  }

  /** Mann–Kendall S: concordant minus discordant pairs in time order. */
  static long mannKendallS(long[] t, long[] y, int n) {
    long s = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        if (t[j] != t[i]) {
          s += Long.signum(y[j] - y[i]);
        }
      }
    }
    return s;
  }

  /** Var(S) under no trend, with the correction for ties in y. */
  static double mannKendallVariance(long[] y, int n) {
    long[] sorted = Arrays.copyOf(y, n);
    Arrays.sort(sorted);
    double ties = 0.0;
    for (int i = 0; i < n; ) {
      int j = i + 1;
      while (j < n && sorted[j] == sorted[i]) {
        j++;
      }
      double g = j - i;
      ties += g * (g - 1) * (2 * g + 5);
      i = j;
    }
    return ((double) n * (n - 1) * (2.0 * n + 5) - ties) / 18.0;
  }

  /** One-sided (upward) Mann–Kendall p-value, normal approximation with continuity correction. */
  static double mannKendallPValue(long[] t, long[] y, int n) {
    double variance = mannKendallVariance(y, n);
    if (variance <= 0.0) {
      return 1.0;
    }
    long s = mannKendallS(t, y, n);
    double z = s > 0 ? (s - 1) / Math.sqrt(variance) : s < 0 ? (s + 1) / Math.sqrt(variance) : 0.0;
    return upperTail(z);
  }

  /** P(N(0,1) ≥ z), relative error below 1.2e-7 for z ≥ 0. */
  static double upperTail(double z) {
    return 0.5 * erfc(z / Math.sqrt(2.0));
  }

  /** Complementary error function, Numerical Recipes {@code erfcc}: fractional error < 1.2e-7. */
  static double erfc(double x) {
    double a = Math.abs(x);
    double t = 1.0 / (1.0 + 0.5 * a);
    double polynomial = 0.0;
    for (int k = ERFC_COEFFICIENTS.length - 1; k >= 0; k--) {
      polynomial = polynomial * t + ERFC_COEFFICIENTS[k];
    }
    double r = t * Math.exp(-a * a + polynomial);
    return x >= 0 ? r : 2.0 - r;
  }

  private static double median(long[] y, int n) {
    long[] sorted = Arrays.copyOf(y, n);
    Arrays.sort(sorted);
    return (n & 1) == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + (double) sorted[n / 2]) / 2.0;
  }
}
