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
 *   <li><b>Which pools.</b> Heap pools whose name contains {@code "Old"} or {@code "Tenured"}: G1
 *       Old Gen, Tenured Gen (Serial), PS Old Gen (Parallel), CMS Old Gen, ZGC Old Generation
 *       (generational ZGC), Shenandoah Old Gen (generational Shenandoah). When there is no such
 *       pool the collector has a single generation (non-generational ZGC's {@code ZHeap},
 *       Shenandoah's {@code Shenandoah}, Epsilon) and all heap pools are summed.
 *   <li><b>Which GCs.</b> A reading is taken only after a collection that collected the long-lived
 *       pools, because only then is their usage after GC close to the live set:
 *       <ol>
 *         <li>only collectors that manage a tracked pool are listened to ({@link
 *             GarbageCollectorMXBean#getMemoryPoolNames()}): Serial's {@code Copy} and Parallel's
 *             {@code PS Scavenge} only promote into the old generation and are not heard;
 *         <li>a minor collection (action {@code "end of minor GC"}, or a collector named {@code
 *             …Young…}/{@code …Minor…}: G1 Young Generation, ZGC Minor Cycles) counts only when it
 *             shrank the tracked pools: G1's mixed pauses, which collect old regions, are reported
 *             as minor GCs, while plain young pauses only add promoted objects;
 *         <li>a reading of zero is dropped: ZGC's and Shenandoah's pause notifications carry empty
 *             pool usages (JDK 17 and 25).
 *       </ol>
 *       So: Serial/Parallel full GCs; G1 full GCs, mixed pauses and (JDK 20+) the Remark/Cleanup
 *       pauses of "G1 Concurrent GC"; ZGC and Shenandoah cycle ends. Each reading is still an upper
 *       bound of the live set (objects that died since marking are counted), so a bucket keeps the
 *       <em>least</em> reading that fell in it. Counting every GC's old usage instead, with a
 *       minimum per bucket, was tried first and raised a false alarm on a healthy Serial child
 *       whose cache entries churn: promoted garbage piles up in Tenured Gen between full GCs, and
 *       the minimum after young GCs rose with it. The cost of this choice: a JVM that never
 *       collects its old generation gives no samples, and no verdict, until it does.
 *   <li><b>Memory.</b> Two {@code long[capacity]} arrays: 16 bytes per bucket, 16 KiB for 1,024
 *       buckets. Nothing is allocated per GC beyond the JDK's own notification objects ({@code
 *       GcInfo} and its usage map); the pool names are looked up in that map.
 *   <li><b>Time.</b> The GC's end time (milliseconds of JVM uptime) plus the JVM start time, so
 *       epoch milliseconds.
 *   <li><b>Threads.</b> The listener runs on the JDK's notification thread only; {@link #sample()}
 *       may be called from any thread. Both hold this object's monitor for a few array writes.
 * </ul>
 */
final class LiveSetMonitor implements AutoCloseable {

  private final String[] poolNames;
  private final long maxBytes;
  private final long bucketMillis;
  private final long jvmStartMillis;
  private final long[] times;
  private final long[] liveBytes;
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = this::onNotification;

  // Guarded by this.
  private int next;
  private int count;
  private long readingCount;
  private long firstTimeMillis = Long.MIN_VALUE;

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
    if (capacity < 2) {
      throw new IllegalArgumentException("capacity: " + capacity + " (expected: 2+)");
    }
    if (bucketMillis < 1) {
      throw new IllegalArgumentException("bucketMillis: " + bucketMillis + " (expected: 1+)");
    }
    this.bucketMillis = bucketMillis;
    this.times = new long[capacity];
    this.liveBytes = new long[capacity];
    this.poolNames = longLivedPools(ManagementFactory.getMemoryPoolMXBeans());
    this.maxBytes = maxBytes(poolNames);
    this.jvmStartMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
    Set<String> tracked = Set.of(poolNames);
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      boolean managesTracked = false;
      for (String pool : gc.getMemoryPoolNames()) {
        managesTracked |= tracked.contains(pool);
      }
      if (subscribe && managesTracked && gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(listener, null, null);
        emitters.add(emitter);
      }
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
    return bucketMillis;
  }

  /** How many readings were recorded, including those merged into a bucket. */
  synchronized long readingCount() {
    return readingCount;
  }

  /** Time of the first reading ever recorded, or {@link Long#MIN_VALUE} before any. */
  synchronized long firstTimeMillis() {
    return firstTimeMillis;
  }

  /** The series, oldest first: a copy, so the caller may keep it. */
  synchronized Series sample() {
    long[] t = new long[count];
    long[] b = new long[count];
    int start = (next - count + times.length) % times.length;
    for (int i = 0; i < count; i++) {
      int j = (start + i) % times.length;
      t[i] = times[j];
      b[i] = liveBytes[j];
    }
    return new Series(t, b);
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
    if (measuresLiveSet(info.getGcName(), info.getGcAction(), usedBefore, usedAfter)) {
      record(jvmStartMillis + info.getGcInfo().getEndTime(), usedAfter);
    }
  }

  /**
   * Whether a collection's usage after GC of the tracked pools is a live-set reading: not zero, and
   * for a minor collection only when the pools shrank (see the class comment).
   */
  static boolean measuresLiveSet(String gcName, String gcAction, long usedBefore, long usedAfter) {
    if (usedAfter <= 0) {
      return false;
    }
    boolean minor =
        "end of minor GC".equals(gcAction) || gcName.contains("Young") || gcName.contains("Minor");
    return !minor || usedAfter < usedBefore;
  }

  /** Adds one reading; package-private so that tests can feed the ring without GCs. */
  synchronized void record(long timeMillis, long usedBytes) {
    if (readingCount++ == 0) {
      firstTimeMillis = timeMillis;
    }
    int last = (next - 1 + times.length) % times.length;
    if (count > 0 && bucketOf(timeMillis) < bucketOf(times[last])) {
      // A late notification for a bucket already closed: dropped, so that times stay ordered.
      return;
    }
    if (count > 0 && bucketOf(timeMillis) == bucketOf(times[last])) {
      if (usedBytes < liveBytes[last]) {
        liveBytes[last] = usedBytes;
        times[last] = timeMillis;
      }
      return;
    }
    times[next] = timeMillis;
    liveBytes[next] = usedBytes;
    next = (next + 1) % times.length;
    count = Math.min(count + 1, times.length);
  }

  private long bucketOf(long timeMillis) {
    return Math.floorDiv(timeMillis, bucketMillis);
  }

  static String[] longLivedPools(List<MemoryPoolMXBean> pools) {
    List<String> old = new ArrayList<>();
    List<String> heap = new ArrayList<>();
    for (MemoryPoolMXBean pool : pools) {
      if (pool.getType() != MemoryType.HEAP) {
        continue;
      }
      heap.add(pool.getName());
      if (pool.getName().contains("Old") || pool.getName().contains("Tenured")) {
        old.add(pool.getName());
      }
    }
    return (old.isEmpty() ? heap : old).toArray(new String[0]);
  }

  private static long maxBytes(String[] poolNames) {
    Set<String> tracked = Set.of(poolNames);
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (tracked.contains(pool.getName())) {
        long max = pool.getUsage().getMax();
        if (max < 0) {
          sum = -1;
          break;
        }
        sum += max;
      }
    }
    if (sum > 0) {
      return sum;
    }
    long heapMax = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
    return heapMax > 0 ? heapMax : -1;
  }

  /** Times (epoch milliseconds) and live bytes, oldest first, of equal length. */
  record Series(long[] timesMillis, long[] liveBytes) {
    int count() {
      return timesMillis.length;
    }
  }
}
