package io.leakscope.watchdog;

import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which heap pools hold the live set after GC, and which collections measure it: the rules shared
 * by the in-process watchdog (from GC notifications) and {@code leakscope watch} (from a remote
 * JVM's MXBeans through JMX).
 *
 * <p>Design note.
 *
 * <ul>
 *   <li><b>Which pools.</b> Heap pools whose name contains {@code "Old"} or {@code "Tenured"}: G1
 *       Old Gen, Tenured Gen (Serial), PS Old Gen (Parallel), CMS Old Gen, ZGC Old Generation
 *       (generational ZGC), Shenandoah Old Gen (generational Shenandoah). When there is no such
 *       pool the collector has a single generation (non-generational ZGC's {@code ZHeap},
 *       Shenandoah's {@code Shenandoah}, Epsilon) and all heap pools are summed.
 *   <li><b>Which GCs.</b> A reading counts only after a collection that collected the long-lived
 *       pools, because only then is their usage after GC close to the live set: a minor collection
 *       (action {@code "end of minor GC"}, or a collector named {@code …Young…}/{@code …Minor…}: G1
 *       Young Generation, ZGC Minor Cycles) counts only when it shrank the tracked pools (G1's
 *       mixed pauses, which collect old regions, are reported as minor GCs, while plain young
 *       pauses only add promoted objects), and a reading of zero is dropped (ZGC's and Shenandoah's
 *       pause notifications carry empty pool usages, JDK 17 and 25). Collectors that manage no
 *       tracked pool (Serial's {@code Copy}, Parallel's {@code PS Scavenge}) only promote into the
 *       old generation and are not to be heard at all.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class LiveSetRules {
  private LiveSetRules() {}

  /**
   * The names of the pools whose usage after GC is summed into the live set.
   *
   * @param pools the memory pools of one JVM (local, or proxies of a remote JVM's); not null
   * @return the long-lived heap pools, or every heap pool when the collector has one generation
   */
  public static List<String> longLivedPools(List<? extends MemoryPoolMXBean> pools) {
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
    return List.copyOf(old.isEmpty() ? heap : old);
  }

  /**
   * Whether a collection's usage after GC of the tracked pools is a live-set reading.
   *
   * @param gcName the collector's name, e.g. {@code "G1 Young Generation"}; not null
   * @param gcAction the notification's action, e.g. {@code "end of minor GC"}, or {@code ""} when
   *     unknown (then the name alone tells minor from major); not null
   * @param usedBefore summed usage of the tracked pools before the collection
   * @param usedAfter summed usage of the tracked pools after the collection
   */
  public static boolean measuresLiveSet(
      String gcName, String gcAction, long usedBefore, long usedAfter) {
    if (usedAfter <= 0) {
      return false;
    }
    return !isMinor(gcName, gcAction) || usedAfter < usedBefore;
  }

  /**
   * Whether a live-set reading from this collection may hold garbage the collector chose to keep,
   * so that a rise of a quarter of it says nothing ({@link LiveSetVerdict}): a minor collection
   * that shrank the old generation (G1's mixed pauses, which leave regions more than 85% live and
   * up to 5% of the heap uncollected) and the end of G1's marking ({@code G1 Concurrent GC}: Remark
   * and Cleanup free only wholly empty regions, before the mixed pauses). A full collection
   * compacts everything: its reading is the live set.
   *
   * @param gcName the collector's name; not null
   * @param gcAction the notification's action, or {@code ""} when unknown; not null
   */
  public static boolean readingHoldsGarbage(String gcName, String gcAction) {
    return isMinor(gcName, gcAction) || gcName.equals(G1CycleRequests.CONCURRENT_COLLECTOR);
  }

  /**
   * Whether a collection is a minor one: its action says so, or (action unknown) its collector's
   * name, e.g. {@code G1 Young Generation}, {@code ZGC Minor Cycles}.
   */
  static boolean isMinor(String gcName, String gcAction) {
    return "end of minor GC".equals(gcAction)
        || gcName.contains("Young")
        || gcName.contains("Minor");
  }

  /**
   * The most the live set can reach: the summed maximum of the tracked pools, or else the heap's.
   *
   * @param pools the memory pools of the JVM; not null
   * @param tracked the names from {@link #longLivedPools}; not null
   * @param heap the JVM's heap usage ({@code MemoryMXBean.getHeapMemoryUsage()}); not null
   * @return the maximum in bytes, or -1 when neither the pools nor the heap have one
   */
  public static long maxBytes(
      List<? extends MemoryPoolMXBean> pools, List<String> tracked, MemoryUsage heap) {
    Set<String> names = Set.copyOf(tracked);
    long sum = 0;
    for (MemoryPoolMXBean pool : pools) {
      if (names.contains(pool.getName())) {
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
    return heap.getMax() > 0 ? heap.getMax() : -1;
  }
}
