package io.leakscope.watchdog;

import java.util.function.ToLongFunction;

/**
 * Tells, on JDK 17 to 19, which young pause of G1 is the first one after a concurrent cycle's
 * Remark or Cleanup pause, from HotSpot's own counters ({@link HotSpotCounters}).
 *
 * <p>Design note. JDK 20 and later report Remark and Cleanup through the collector "G1 Concurrent
 * GC", whose usage after the pause is a live-set reading. Earlier JDKs report them nowhere, but
 * count them in {@code sun.gc.collector.2} (the number of pauses and the tick of the last one's
 * end), next to the young pauses in {@code sun.gc.collector.0} (their number, which is the young
 * collector's notification id, and the tick of the last one's start), all on the same clock. Only
 * pauses change the old generation's usage, except humongous allocations, which add to it. So the
 * old generation's usage before the first young pause that began after a Remark or Cleanup is that
 * pause's usage after, plus what was allocated humongous since: an upper bound of the old
 * generation's live objects right after marking, the same reading JDK 20 gives, or a little above.
 *
 * <p>The JDK's notification thread may run late. A notification is matched only while its id is
 * still the latest young pause (otherwise the counters describe a later one); a cycle whose end is
 * seen at a late notification waits for the next matching one, whose usage before is still an upper
 * bound taken after the cycle.
 *
 * <p>Thread-safe: {@link #endedBefore} is called on the notification thread only, but synchronized
 * anyway.
 */
final class G1CycleEnds {
  static final String CYCLE_PAUSES = "sun.gc.collector.2.invocations";
  static final String CYCLE_PAUSE_EXIT = "sun.gc.collector.2.lastExitTime";
  static final String YOUNG_PAUSES = "sun.gc.collector.0.invocations";
  static final String YOUNG_PAUSE_ENTRY = "sun.gc.collector.0.lastEntryTime";

  private final ToLongFunction<String> counters;
  // Guarded by this.
  private long seenCyclePauses;
  private long pendingExitTicks = -1;

  /**
   * @param counters reads a counter by name, -1 when missing
   */
  G1CycleEnds(ToLongFunction<String> counters) {
    this.counters = counters;
    this.seenCyclePauses = counters.applyAsLong(CYCLE_PAUSES);
  }

  /**
   * The cycle ends of this JVM, or null when its counters cannot be read or do not count G1's cycle
   * pauses.
   */
  static G1CycleEnds forThisJvm() {
    HotSpotCounters counters = HotSpotCounters.forThisJvm();
    if (counters == null) {
      return null;
    }
    for (String name :
        new String[] {CYCLE_PAUSES, CYCLE_PAUSE_EXIT, YOUNG_PAUSES, YOUNG_PAUSE_ENTRY}) {
      if (!counters.has(name)) {
        return null;
      }
    }
    return new G1CycleEnds(counters::read);
  }

  /**
   * Whether a Remark or Cleanup pause ended, since the last true answer, before the young pause
   * with notification id {@code youngId} began.
   */
  synchronized boolean endedBefore(long youngId) {
    long pauses = counters.applyAsLong(CYCLE_PAUSES);
    if (pauses != seenCyclePauses) {
      seenCyclePauses = pauses;
      pendingExitTicks = counters.applyAsLong(CYCLE_PAUSE_EXIT);
    }
    if (pendingExitTicks < 0 || counters.applyAsLong(YOUNG_PAUSES) != youngId) {
      return false;
    }
    if (counters.applyAsLong(YOUNG_PAUSE_ENTRY) <= pendingExitTicks) {
      return false;
    }
    pendingExitTicks = -1;
    return true;
  }
}
