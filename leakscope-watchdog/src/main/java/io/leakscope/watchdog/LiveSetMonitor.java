package io.leakscope.watchdog;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Records the live set after GC: the summed "used after GC" of the long-lived heap pools, one
 * sample per time bucket, in a fixed-size ring.
 *
 * <p>Design note.
 *
 * <ul>
 *   <li><b>Which pools and which GCs</b>: see {@link LiveSetRules}. Live-set readings come only
 *       from collectors that manage a tracked pool ({@link
 *       GarbageCollectorMXBean#getMemoryPoolNames()}). So: Serial/Parallel full GCs; G1 full GCs,
 *       mixed pauses and the Remark/Cleanup pauses of its concurrent cycle (JDK 20+: "G1 Concurrent
 *       GC"; JDK 17 to 19, which report them nowhere: the old generation before the first young
 *       pause after them, found through HotSpot's counters, {@link G1CycleEnds}); ZGC and
 *       Shenandoah cycle ends (generational ZGC: major cycles). Each reading is still an upper
 *       bound of the live set (objects that died since marking are counted), so a bucket keeps the
 *       <em>least</em> reading that fell in it. Counting every GC's old usage instead, with a
 *       minimum per bucket, was tried first and raised a false alarm on a healthy Serial child
 *       whose cache entries churn: promoted garbage piles up in Tenured Gen between full GCs, and
 *       the minimum after young GCs rose with it. The cost of this choice: a JVM that never
 *       collects its old generation gives no live-set samples until it does. With a quiet old
 *       generation and the default settings that is long: measured in {@code
 *       leakscope-benchmarks/results/2026-12-05-time-to-verdict.md}, G1, Parallel and Serial with a
 *       256 MB heap and a 32 MB live set hear no old collection in 20 minutes.
 *   <li><b>Upper bounds.</b> The whole heap (every heap pool) after every other collection (young
 *       pauses of all collectors, Serial's {@code Copy} and Parallel's {@code PS Scavenge}
 *       included, whose notifications carry every pool's usage) is kept apart, least per bucket,
 *       and only since the latest live-set reading: after a young collection eden is empty and the
 *       survivors are the live young objects, so each bound is the whole live set plus the garbage
 *       promoted since that reading, which only grows until the next one. The old generation alone
 *       would not do: a leak's newest objects wait in the survivor spaces for up to 15 young
 *       collections before they are promoted, and on default G1 with a 256 MB heap its old
 *       generation after young pauses grew by 1.2 KB/s while the service leaked 45 KB/s (measured,
 *       JDK 17): a healthy verdict for a leak. So they can show that the live set is not growing,
 *       which the watchdog uses for a healthy verdict while live-set samples are missing ({@link
 *       TrendAnalysis#analyzeUpperBounds}), but never that it is (the churning cache above). Other
 *       estimates considered and left: {@code MemoryPoolMXBean.getCollectionUsage()} is the same
 *       number as a notification's usage after GC, only polled; the lower envelope of the old
 *       generation after young pauses is these bounds, whose growth cannot be told from promoted
 *       garbage; JFR's {@code jdk.GCHeapSummary} after G1's concurrent cycle (JDK 17, which reports
 *       no concurrent-cycle notification) is the old generation after Cleanup, still full of
 *       garbage in the regions it keeps, like the usage after Cleanup that JDK 20 reports, but
 *       reading it would start JFR in the service; HotSpot's counters tell the same moment for the
 *       price of reading a mapped file ({@link G1CycleEnds}). Only a collection that marks the old
 *       generation separates live objects from dead ones. The watchdog never forces a full one; on
 *       G1 it asks for a concurrent cycle while readings are missing ({@link G1CycleRequests}: the
 *       manageable {@code G1PeriodicGCInterval}, armed for 100 ms until the cycle starts), whose
 *       Remark and Cleanup and mixed pauses are heard here.
 *   <li><b>Buckets and memory.</b> The readings and bounds are kept, one per bucket, by a {@link
 *       LiveSetSeries} (its rules are the ones {@code leakscope watch} uses too): four {@code
 *       long[capacity]} arrays, 32 bytes per bucket. Nothing is allocated per GC beyond the JDK's
 *       own notification objects ({@code GcInfo} and its usage map); the pool names are looked up
 *       in that map.
 *   <li><b>Time.</b> The GC's end time (milliseconds of JVM uptime) plus the JVM start time, so
 *       epoch milliseconds.
 *   <li><b>Threads.</b> The listener runs on the JDK's notification thread only; {@link #sample()}
 *       may be called from any thread. Both hold this object's monitor for a few array writes.
 *   <li><b>Without {@code jdk.management}</b> (see {@link JdkManagement}) there are no GC
 *       notifications. Then the watchdog's thread calls {@link #poll} at each check: when a
 *       collector that manages a tracked pool has run since the last poll, the reading is the
 *       summed {@link MemoryPoolMXBean#getCollectionUsage()} of the tracked pools, timed at the
 *       poll. Without the usage before GC a minor collection cannot be told to have shrunk the old
 *       generation, so it counts only when that sum changed; a major one always counts. Coarser
 *       than notifications (one reading per check, the last collection's only), but the same kind
 *       of reading.
 * </ul>
 */
final class LiveSetMonitor implements AutoCloseable {
  private static final String G1_YOUNG = "G1 Young Generation";

  private final String[] poolNames;
  // Every heap pool: after a young collection their sum bounds the whole live set from above.
  private final String[] heapPoolNames;
  private final long maxBytes;
  private final long jvmStartMillis;
  // The readings and the upper bounds, bucketed.
  private final LiveSetSeries series;
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = this::onNotification;
  // Polling, when there are no notifications to hear: the tracked pools and their collectors.
  private final List<MemoryPoolMXBean> polledPools = new ArrayList<>();
  private final List<GarbageCollectorMXBean> polledCollectors = new ArrayList<>();
  private final long[] polledCounts;
  // The collectors that manage a tracked pool: only theirs can be live-set readings.
  private final Set<String> trackedCollectors;
  // ZGC or Shenandoah: their readings hold garbage they chose not to compact (LiveSetVerdict).
  private final boolean compactsPartially;
  // G1 on JDK 17 to 19: the cycle ends told by HotSpot's counters; null elsewhere.
  private final G1CycleEnds g1CycleEnds;
  // G1 on JDK 20+: "G1 Concurrent GC" reports Remark and Cleanup.
  private final boolean g1ConcurrentReported;
  private long lastPolledBytes = -1;
  // Readings taken at the end of a G1 cycle through g1CycleEnds; guarded by this.
  private long cycleEndReadings;
  // The time of the latest reading that may hold garbage (LiveSetRules.readingHoldsGarbage).
  private volatile long lastGarbageReadingMillis = Long.MIN_VALUE;

  /**
   * Subscribes to GC notifications of this JVM.
   *
   * @param capacity how many buckets the ring keeps (oldest overwritten), 2 or more
   * @param bucketMillis width of one bucket, 1 or more; one sample per bucket
   * @throws IllegalArgumentException when an argument is out of range
   */
  LiveSetMonitor(int capacity, long bucketMillis) {
    this(capacity, bucketMillis, true);
  }

  /** As above; with {@code subscribe} false it hears no GCs and is fed by {@link #record} only. */
  LiveSetMonitor(int capacity, long bucketMillis, boolean subscribe) {
    this(new LiveSetSeries(capacity, bucketMillis), subscribe);
  }

  /** Fills {@code series}; with {@code subscribe} false it hears no GCs. */
  LiveSetMonitor(LiveSetSeries series, boolean subscribe) {
    this.series = series;
    List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
    List<String> tracked = LiveSetRules.longLivedPools(pools);
    this.poolNames = tracked.toArray(new String[0]);
    this.heapPoolNames =
        pools.stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .toArray(String[]::new);
    this.maxBytes =
        LiveSetRules.maxBytes(
            pools, tracked, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage());
    this.jvmStartMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
    Set<String> trackedNames = Set.copyOf(tracked);
    boolean poll = subscribe && !JdkManagement.PRESENT;
    List<String> managing = new ArrayList<>();
    List<String> collectorNames = new ArrayList<>();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      collectorNames.add(gc.getName());
      boolean managesTracked = false;
      for (String pool : gc.getMemoryPoolNames()) {
        managesTracked |= trackedNames.contains(pool);
      }
      if (managesTracked) {
        managing.add(gc.getName());
      }
      if (poll && managesTracked) {
        polledCollectors.add(gc);
      } else if (subscribe && !poll && gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(listener, null, null);
        emitters.add(emitter);
      }
    }
    if (poll) {
      for (MemoryPoolMXBean pool : pools) {
        if (trackedNames.contains(pool.getName())) {
          polledPools.add(pool);
        }
      }
    }
    polledCounts = new long[polledCollectors.size()];
    trackedCollectors = Set.copyOf(managing);
    compactsPartially = LiveSetVerdict.compactsPartially(collectorNames);
    g1ConcurrentReported = collectorNames.contains(G1CycleRequests.CONCURRENT_COLLECTOR);
    g1CycleEnds =
        subscribe && !poll && !g1ConcurrentReported && collectorNames.contains(G1_YOUNG)
            ? G1CycleEnds.forThisJvm()
            : null;
  }

  /**
   * Whether the end of G1's concurrent cycle gives a reading here: through "G1 Concurrent GC" (JDK
   * 20+) or HotSpot's counters (JDK 17 to 19, {@link G1CycleEnds}).
   */
  boolean hearsG1CycleEnds() {
    return g1ConcurrentReported || g1CycleEnds != null;
  }

  /**
   * Whether the readings since {@code sinceMillis} may hold garbage the collector kept, for {@link
   * LiveSetVerdict#judge}: always on ZGC and Shenandoah, which compact part of their heap per
   * cycle; on G1 when a reading in that time came from its marking or a mixed pause rather than a
   * full collection ({@link LiveSetRules#readingHoldsGarbage}).
   */
  boolean readingsHoldGarbage(long sinceMillis) {
    return compactsPartially || lastGarbageReadingMillis >= sinceMillis;
  }

  /** Readings taken at the end of a G1 cycle on JDK 17 to 19 ({@link G1CycleEnds}). */
  synchronized long cycleEndReadings() {
    return cycleEndReadings;
  }

  /** Whether readings come from {@link #poll} rather than GC notifications. */
  boolean polling() {
    return !polledCollectors.isEmpty();
  }

  /**
   * Takes a reading when a collector of the tracked pools has run since the last call (see the
   * design note); does nothing when GC notifications are heard. Called by the watchdog's thread.
   *
   * @param nowMillis the time the reading is recorded at, epoch milliseconds
   */
  void poll(long nowMillis) {
    boolean ran = false;
    boolean majorRan = false;
    for (int i = 0; i < polledCollectors.size(); i++) {
      GarbageCollectorMXBean gc = polledCollectors.get(i);
      long count = gc.getCollectionCount();
      if (count > polledCounts[i]) {
        polledCounts[i] = count;
        ran = true;
        majorRan |= !LiveSetRules.isMinor(gc.getName(), "");
      }
    }
    if (!ran) {
      return;
    }
    long sum = 0;
    for (MemoryPoolMXBean pool : polledPools) {
      MemoryUsage usage = pool.getCollectionUsage();
      sum += usage == null ? 0 : usage.getUsed();
    }
    if (sum > 0 && (majorRan || sum != lastPolledBytes)) {
      lastPolledBytes = sum;
      if (!majorRan) {
        lastGarbageReadingMillis = nowMillis;
      }
      record(nowMillis, sum);
    }
  }

  /** The names of the pools whose usage after GC is summed. */
  List<String> poolNames() {
    return List.of(poolNames);
  }

  /** Summed maximum size of the tracked pools, or the heap maximum; -1 when unknown. */
  long maxBytes() {
    return maxBytes;
  }

  long bucketMillis() {
    return series.bucketMillis();
  }

  /** How many readings were recorded, including those merged into a bucket. */
  long readingCount() {
    return series.readingCount();
  }

  /**
   * Time of the first reading or upper bound ever recorded, or {@link Long#MIN_VALUE} before any.
   */
  long firstTimeMillis() {
    return series.firstTimeMillis();
  }

  /** The readings, oldest first: a copy, so the caller may keep it. */
  LiveSetSeries.Series sample() {
    return series.readings();
  }

  /** Removes the listeners; idempotent. */
  @Override
  public void close() {
    for (NotificationEmitter emitter : emitters) {
      try {
        emitter.removeNotificationListener(listener);
      } catch (ListenerNotFoundException alreadyRemoved) {
        // close() twice: nothing left to do
      }
    }
    emitters.clear();
  }

  private void onNotification(Notification notification, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
        notification.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    Map<String, MemoryUsage> before = info.getGcInfo().getMemoryUsageBeforeGc();
    Map<String, MemoryUsage> after = info.getGcInfo().getMemoryUsageAfterGc();
    long usedBefore = 0;
    long usedAfter = 0;
    for (String pool : poolNames) {
      MemoryUsage b = before.get(pool);
      MemoryUsage a = after.get(pool);
      usedBefore += b == null ? 0 : b.getUsed();
      usedAfter += a == null ? 0 : a.getUsed();
    }
    long endMillis = jvmStartMillis + info.getGcInfo().getEndTime();
    if (g1CycleEnds != null
        && usedBefore > 0
        && G1_YOUNG.equals(info.getGcName())
        && g1CycleEnds.endedBefore(info.getGcInfo().getId())) {
      // JDK 17 to 19: the old generation as G1's concurrent cycle left it (G1CycleEnds)
      synchronized (this) {
        cycleEndReadings++;
      }
      long startMillis = jvmStartMillis + info.getGcInfo().getStartTime();
      lastGarbageReadingMillis = startMillis;
      record(startMillis, usedBefore);
    }
    if (LiveSetRules.measuresLiveSet(info.getGcName(), info.getGcAction(), usedBefore, usedAfter)
        && managesTracked(info.getGcName())) {
      if (LiveSetRules.readingHoldsGarbage(info.getGcName(), info.getGcAction())) {
        lastGarbageReadingMillis = endMillis;
      }
      record(endMillis, usedAfter);
    } else if (usedAfter > 0) {
      long heapAfter = 0;
      for (String pool : heapPoolNames) {
        MemoryUsage a = after.get(pool);
        heapAfter += a == null ? 0 : a.getUsed();
      }
      recordBound(endMillis, heapAfter);
    }
  }

  private boolean managesTracked(String gcName) {
    return !trackedCollectors.isEmpty() && trackedCollectors.contains(gcName);
  }

  /** Adds one reading; package-private so that tests can feed the ring without GCs. */
  void record(long timeMillis, long usedBytes) {
    series.record(timeMillis, usedBytes);
  }

  /** Adds one upper bound; package-private so that tests can feed it without GCs. */
  void recordBound(long timeMillis, long usedBytes) {
    series.recordBound(timeMillis, usedBytes);
  }

  /** How many upper bounds were recorded, including those merged into a bucket or superseded. */
  long boundReadingCount() {
    return series.boundReadingCount();
  }

  /** The upper bounds since the latest reading (or since the start), oldest first: a copy. */
  LiveSetSeries.Series bounds() {
    return series.bounds();
  }
}
