package io.leakscope.watchdog;

import java.util.Locale;
import java.util.Objects;

/**
 * The verdict on the live set from its two series: live-set readings (after collections of the old
 * generation) and upper bounds (the whole heap after young collections since the latest reading).
 * One rule for every caller, so that the agent's watchdog and {@code leakscope watch} reach the
 * same state on the same readings.
 *
 * <h2>Design note</h2>
 *
 * <p><b>Order.</b> The readings are judged first ({@link TrendAnalysis#analyze}); while they give
 * insufficient data, the upper bounds may prove the live set healthy ({@link
 * TrendAnalysis#analyzeUpperBounds}), never leaking.
 *
 * <p><b>Collectors that compact part of the heap per cycle</b> (ZGC, Shenandoah). Their usage after
 * a cycle counts the garbage left in the pages or regions they chose not to compact: by design up
 * to a quarter of each one (ZGC's {@code ZFragmentationLimit} on JDK 17 and {@code
 * ZYoungCompactionLimit} on JDK 21+, Shenandoah's {@code ShenandoahGarbageThreshold}, all 25 by
 * default), plus what was allocated or promoted during the cycle. With a churning cache that
 * garbage builds up over minutes and is then compacted, so the readings saw-tooth with no change in
 * the live set: in {@code leakscope-benchmarks/results/2026-12-05-time-to-verdict.md} a healthy
 * cache on ZGC drifted up by 12% (JDK 17, 46 to 54 MB) and 20% (JDK 25 old generation, 40 to 48 MB)
 * within the window, and both raised {@code LEAK_SUSPECTED}. So for these collectors the relative
 * rule asks for growth of at least {@value #PARTIAL_COMPACTION_GARBAGE} of the median reading (or
 * the configured share, if larger): more than the garbage a cycle may legally leave behind.
 * Replayed on the recorded readings of 12 ZGC runs (JDK 17 and 25, cache, steady and leak) it
 * removes all four false alarms and still flags both leaks of 1% of the heap a minute, later (4.8
 * to 8.8 minutes instead of 3.5 to 5.5; {@code LiveSetVerdictTest}). The price: on these collectors
 * a leak must add a quarter of the live set within a window to be called (about 2.5% of it a minute
 * with the default 10-minute window); slower leaks need a longer window. Rejected: a running
 * minimum over the last minutes (it lags a leak by its length and still rises with a saw-tooth
 * longer than it: it raised alarms on steady runs in the replay), persistence of the slope over the
 * later half (the false alarms came during a steady rise, where both halves rise), and ZGC's marked
 * live bytes, which it logs but exposes through no management interface.
 *
 * <p><b>G1's readings between full collections</b> hold such garbage too: at the end of its marking
 * (Remark and Cleanup free only wholly empty regions; the mixed pauses come after) and after mixed
 * pauses (which leave regions more than 85% live, {@code G1MixedGCLiveThresholdPercent}, and up to
 * 5% of the heap, {@code G1HeapWastePercent}). With a churning cache on JDK 17 (32 MiB, 256 KiB
 * replaced a second, a cycle a minute), the usage after Cleanup went 46, 45, 46, 48, 45, 47 MB
 * while the mixed pauses left 44 MB each time, and the ordinary rule called it leaking at 9
 * minutes. So the callers pass {@code compactsPartially} true also on G1 when a reading in the
 * window came from its marking or a mixed pause ({@link LiveSetRules#readingHoldsGarbage});
 * readings of full collections (Serial, Parallel, G1's own, {@code System.gc()}) are the live set
 * and keep the ordinary rule.
 *
 * <p>Stateless and thread-safe.
 */
public final class LiveSetVerdict {

  /**
   * The share of a reading that may be garbage on a collector that compacts part of its heap per
   * cycle, and so the least relative growth asked of its readings.
   */
  public static final double PARTIAL_COMPACTION_GARBAGE = 0.25;

  /**
   * On those collectors, the share of the whole slope that the slope over the later half of the
   * samples must reach for a leak (as {@link NativeGrowth} asks of native memory).
   */
  static final double PERSISTS = 0.5;

  private LiveSetVerdict() {}

  /** What a verdict rests on. */
  public enum Basis {
    /** Readings after collections of the old generation: the live set. */
    LIVE_SET,
    /**
     * Upper bounds of the live set after young collections, since the latest collection of the old
     * generation: they can only show that it is not leaking (see {@link
     * TrendAnalysis#analyzeUpperBounds}).
     */
    UPPER_BOUND;

    /** {@code live-set} or {@code upper-bound}, as the trend JSON and events write it. */
    public String key() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * A verdict and what it rests on.
   *
   * @param verdict not null
   * @param basis not null
   */
  public record Judged(TrendVerdict verdict, Basis basis) {
    public Judged {
      Objects.requireNonNull(verdict, "verdict");
      Objects.requireNonNull(basis, "basis");
    }
  }

  /**
   * Judges the live set.
   *
   * @param readingTimes live-set reading times, epoch milliseconds, oldest first; not null
   * @param readings the live-set readings; not null
   * @param readingCount how many leading entries are readings
   * @param boundTimes upper-bound times, oldest first; not null
   * @param bounds the upper bounds since the latest reading; not null
   * @param boundCount how many leading entries are bounds
   * @param maxBytes the most the live set can reach, 0 or negative when unknown
   * @param settings window, thresholds and minimum samples; the warm-up, if any, is applied to both
   *     series by {@link TrendAnalysis}
   * @param compactsPartially whether the readings may hold garbage the collector chose to keep: on
   *     a collector that compacts only part of its heap per cycle ({@link
   *     #compactsPartially(Iterable)}), or on G1 when a reading in the window came from its marking
   *     or a mixed pause ({@link LiveSetRules#readingHoldsGarbage})
   * @throws IllegalArgumentException as {@link TrendAnalysis#analyze}
   */
  public static Judged judge(
      long[] readingTimes,
      long[] readings,
      int readingCount,
      long[] boundTimes,
      long[] bounds,
      int boundCount,
      long maxBytes,
      TrendSettings settings,
      boolean compactsPartially) {
    TrendVerdict verdict =
        TrendAnalysis.analyze(readingTimes, readings, readingCount, maxBytes, settings);
    if (verdict.leaking()
        && compactsPartially
        && !(TrendAnalysis.analyze(
                    readingTimes, readings, readingCount, maxBytes, forPartialCompaction(settings))
                .leaking()
            && TrendAnalysis.persists(readingTimes, readings, readingCount, verdict, PERSISTS))) {
      // Growth the ordinary rule calls a leak but the collector's garbage may explain: not
      // leaking, and not healthy either (the stricter rules only ever hold back a leak), not even
      // by the upper bounds.
      return new Judged(
          new TrendVerdict(
              TrendVerdict.State.INSUFFICIENT_DATA,
              verdict.samples(),
              verdict.slopeBytesPerSecond(),
              verdict.pValue(),
              verdict.liveBytes(),
              verdict.secondsToFull()),
          Basis.LIVE_SET);
    }
    if (verdict.state() != TrendVerdict.State.INSUFFICIENT_DATA) {
      return new Judged(verdict, Basis.LIVE_SET);
    }
    TrendVerdict bounded =
        TrendAnalysis.analyzeUpperBounds(boundTimes, bounds, boundCount, maxBytes, settings);
    return bounded.state() == TrendVerdict.State.HEALTHY
        ? new Judged(bounded, Basis.UPPER_BOUND)
        : new Judged(verdict, Basis.LIVE_SET);
  }

  /**
   * Whether these garbage collectors (their {@code GarbageCollectorMXBean} names) compact only part
   * of the heap per cycle: ZGC ({@code ZGC Cycles}, {@code ZGC Major Cycles}, …) or Shenandoah.
   */
  public static boolean compactsPartially(Iterable<String> collectorNames) {
    for (String name : collectorNames) {
      if (name.startsWith("ZGC ") || name.startsWith("Shenandoah ")) {
        return true;
      }
    }
    return false;
  }

  /** The settings with the relative rule raised to {@link #PARTIAL_COMPACTION_GARBAGE}. */
  static TrendSettings forPartialCompaction(TrendSettings s) {
    return new TrendSettings(
        s.window(),
        s.warmUp(),
        s.maxPValue(),
        s.minGrowthBytesPerSecond(),
        Math.max(s.minRelativeGrowth(), PARTIAL_COMPACTION_GARBAGE),
        s.minSamples());
  }
}
