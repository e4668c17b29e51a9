package io.leakscope.analysis.internal.offheap;

import io.leakscope.analysis.internal.dominators.DominatorTree;
import io.leakscope.analysis.internal.dominators.RetainedSizes;
import io.leakscope.analysis.internal.suspects.ApplicationPackages;
import io.leakscope.analysis.internal.suspects.Finding;
import io.leakscope.analysis.internal.suspects.LeakSuspectFinder;
import io.leakscope.analysis.report.NativeMemory;
import io.leakscope.analysis.report.Suspect;
import io.leakscope.analysis.report.TextReportWriter;
import io.leakscope.heap.HeapIndex;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the holders of native memory: where the direct and mapped buffers that own their memory
 * accumulate in the dominator tree, weighted by their native bytes rather than by the little heap
 * they take (a direct buffer of 1 MB is an object of some 64 bytes).
 *
 * <p>Design note. The same descent as {@link LeakSuspectFinder}, on native bytes: from each object
 * that retains at least a floor of native memory, largest first, follow the child that retains most
 * of it while it retains 80%, and stop where it fans out: the accumulation point (a list's array of
 * buffers). A point inside one already found is covered by it. Only the owners and their dominators
 * carry weight, so this costs a map over them, not an array over the heap. The holder's native
 * memory is that of the object the descent started from (its retained set), as for heap suspects.
 */
public final class NativeMemoryFinder {
  private static final double DESCEND_SHARE = 0.8;

  /** At most this many holders are listed in the report's native memory summary. */
  public static final int MAX_HOLDERS = 10;

  /** Share of the buffers' memory a holder must retain to be listed in the summary. */
  private static final double HOLDER_SHARE = 0.01;

  private NativeMemoryFinder() {}

  /**
   * A place where buffers accumulate.
   *
   * @param candidate the object whose retained set is counted
   * @param point where the buffers fan out; its path names the holder
   * @param accumulatedClass what the buffers are held as there
   * @param memory what {@code candidate} retains outside the heap
   * @param heapRetained what {@code candidate} retains on the heap
   */
  public record Holder(
      int candidate, int point, String accumulatedClass, NativeMemory memory, long heapRetained) {}

  /**
   * The holders of native memory, most first: those that retain at least 1% of the buffers' memory,
   * at most {@value #MAX_HOLDERS}.
   */
  public static List<Holder> find(
      HeapIndex index,
      DominatorTree tree,
      RetainedSizes retained,
      DirectBuffers buffers,
      ApplicationPackages packages,
      byte[] scratch) {
    Map<Integer, long[]> weights = buffers.retainedByAncestors(tree);
    if (weights.isEmpty()) {
      return List.of();
    }
    NativeMemory total = buffers.total(true);
    long all = total.directBytes() + total.mappedBytes();
    long floor = Math.max(1, (long) Math.ceil(all * HOLDER_SHARE));
    Map<Integer, Integer> bestChild = new HashMap<>();
    for (Map.Entry<Integer, long[]> e : weights.entrySet()) {
      int p = tree.immediateDominator(e.getKey());
      if (p >= 0) {
        Integer best = bestChild.get(p);
        if (best == null || weight(weights, e.getKey()) > weight(weights, best)) {
          bestChild.put(p, e.getKey());
        }
      }
    }
    List<Integer> candidates = new ArrayList<>();
    weights.forEach(
        (v, w) -> {
          if (w[0] + w[1] >= floor) {
            candidates.add(v);
          }
        });
    candidates.sort(
        Comparator.comparingLong((Integer v) -> weight(weights, v))
            .reversed()
            .thenComparing(v -> v));
    List<int[]> found = new ArrayList<>(); // {candidate, point}
    for (int candidate : candidates) {
      if (index.representedClass(candidate) != null) {
        // a class object's statics are holders in their own right; start from the biggest
        Integer child = bestChild.get(candidate);
        if (child == null || weight(weights, child) < floor) {
          continue;
        }
        candidate = child;
      }
      int point = candidate;
      for (Integer c = bestChild.get(point);
          c != null && weight(weights, c) >= DESCEND_SHARE * weight(weights, point);
          c = bestChild.get(point)) {
        point = c;
      }
      if (!covered(tree, found, candidate, point)) {
        found.add(new int[] {candidate, point});
        if (found.size() == MAX_HOLDERS) {
          break;
        }
      }
    }
    return describe(index, tree, retained, buffers, found, packages, scratch);
  }

  private static long weight(Map<Integer, long[]> weights, int v) {
    long[] w = weights.get(v);
    return w == null ? 0 : w[0] + w[1];
  }

  /** Whether a candidate ends in, holds, or lies under a point already found. */
  private static boolean covered(DominatorTree tree, List<int[]> found, int candidate, int point) {
    for (int[] f : found) {
      if (f[1] == point
          || LeakSuspectFinder.dominates(tree, candidate, f[1])
          || LeakSuspectFinder.dominates(tree, f[1], point)) {
        return true;
      }
    }
    return false;
  }

  private static List<Holder> describe(
      HeapIndex index,
      DominatorTree tree,
      RetainedSizes retained,
      DirectBuffers buffers,
      List<int[]> found,
      ApplicationPackages packages,
      byte[] scratch) {
    if (found.isEmpty()) {
      return List.of();
    }
    int[] candidates = new int[found.size()];
    List<int[]> groups = new ArrayList<>();
    for (int k = 0; k < found.size(); k++) {
      candidates[k] = found.get(k)[0];
      groups.add(new int[] {found.get(k)[1]});
    }
    NativeMemory[] memory = buffers.retainedBy(tree, candidates);
    List<LeakSuspectFinder.Stored> stored =
        LeakSuspectFinder.stored(index, tree, retained, groups, scratch, packages);
    List<Holder> out = new ArrayList<>();
    for (int k = 0; k < found.size(); k++) {
      int point = found.get(k)[1];
      LeakSuspectFinder.Stored st = stored.get(k);
      String name = st.classIndex() < 0 ? index.heapClass(index.classOf(point)).name() : st.name();
      out.add(new Holder(candidates[k], point, name, memory[k], retained.retained(candidates[k])));
    }
    out.sort(
        Comparator.comparingLong((Holder h) -> h.memory().directBytes() + h.memory().mappedBytes())
            .reversed());
    return out;
  }

  /**
   * The holders that retain at least {@code floor} bytes of direct buffers' memory, as suspects of
   * kind {@link Suspect#KIND_NATIVE_MEMORY}.
   */
  public static List<Finding> findings(
      List<Holder> holders, long floor, NativeMemory reachableTotal) {
    List<Finding> out = new ArrayList<>();
    for (Holder h : holders) {
      NativeMemory m = h.memory();
      if (m.directBytes() < floor || m.directBytes() == 0) {
        continue;
      }
      String amount =
          TextReportWriter.bytes(m.directBytes())
              + " of native memory through "
              + String.format(Locale.ROOT, "%,d", m.directBuffers())
              + (m.directBuffers() == 1 ? " direct buffer" : " direct buffers");
      String share =
          String.format(
              Locale.ROOT,
              "%.0f%%",
              100.0 * m.directBytes() / Math.max(1, reachableTotal.directBytes()));
      String held =
          h.accumulatedClass().equals(DirectBuffers.DIRECT_BUFFER)
              ? ""
              : " They are held in " + h.accumulatedClass() + " objects.";
      out.add(
          new Finding(
              Suspect.KIND_NATIVE_MEMORY,
              h.point(),
              null,
              h.accumulatedClass(),
              m.directBuffers(),
              h.heapRetained(),
              List.of(),
              List.of(),
              "{holder} retains " + amount + " (" + share + " of the direct buffers' memory)",
              "{holder} retains "
                  + amount
                  + " that own their memory, outside the Java heap: -Xmx does not limit it,"
                  + " -XX:MaxDirectMemorySize does, and the process's resident memory shows it."
                  + " The memory is freed only after the buffers become unreachable and the"
                  + " garbage collector has run their cleaners."
                  + held
                  + " If this grows between dumps, buffers are added and never released: look at"
                  + " the code that adds to {holder}.",
              m));
    }
    return out;
  }
}
