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
 * buffers). As there, the descent does not follow a child of its parent's class (a chain, such as
 * the chunks of Netty's pooled allocator, each holding the next), and a point inside a chain is its
 * first node. Nor does it go into one buffer, or into how one allocation is owned (the foreign
 * memory API's session and arena, a cleanable wrapper): an object holding a single buffer is where
 * its memory is held, and is named as the holder of the others like it (every chunk of a pool, in a
 * chain or alone). A point inside one already found is covered by it. Only the owners and their
 * dominators carry weight, so this costs a map over them, not an array over the heap. The holder's
 * native memory is that of the object the descent started from (its retained set), as for heap
 * suspects.
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
      // a buffer, or a piece of how one is owned, is held by the first object above those
      while (candidate >= 0 && buffers.isOwnership(index, candidate)) {
        candidate = tree.immediateDominator(candidate);
      }
      if (candidate < 0) {
        continue;
      }
      int point = candidate;
      for (Integer c = bestChild.get(point);
          c != null
              && weight(weights, c) >= DESCEND_SHARE * weight(weights, point)
              && index.classOf(c) != index.classOf(point)
              && !buffers.isOwnership(index, c);
          c = bestChild.get(point)) {
        point = c;
      }
      // a chain (a child of its parent's class: the chunks of Netty's pooled allocator, each the
      // next one's only holder) is held at its first node, as the heap's descent holds it
      for (int up = tree.immediateDominator(point);
          up >= 0 && index.classOf(up) == index.classOf(point);
          up = tree.immediateDominator(point)) {
        point = up;
      }
      if (LeakSuspectFinder.dominates(tree, point, candidate)) {
        candidate = point; // the candidate was a node inside the chain: the chain holds it all
      }
      if (!covered(tree, found, candidate, point)) {
        found.add(new int[] {candidate, point});
        if (found.size() == MAX_HOLDERS) {
          break;
        }
      }
    }
    return describe(index, tree, retained, buffers, found);
  }

  private static long weight(Map<Integer, long[]> weights, int v) {
    long[] w = weights.get(v);
    return w == null ? 0 : w[0] + w[1];
  }

  /**
   * Whether a candidate ends in, holds, or lies under a point already found, or lies under a
   * candidate already found, whose memory (counted from the candidate) holds its own.
   */
  private static boolean covered(DominatorTree tree, List<int[]> found, int candidate, int point) {
    for (int[] f : found) {
      if (f[1] == point
          || LeakSuspectFinder.dominates(tree, candidate, f[1])
          || LeakSuspectFinder.dominates(tree, f[1], point)
          || LeakSuspectFinder.dominates(tree, f[0], candidate)) {
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
      List<int[]> found) {
    if (found.isEmpty()) {
      return List.of();
    }
    int[] candidates = found.stream().mapToInt(f -> f[0]).toArray();
    NativeMemory[] memory = buffers.retainedBy(tree, candidates);
    int[] points = found.stream().mapToInt(f -> f[1]).toArray();
    int[] heldAs = buffers.heldAs(index, tree, points);
    List<Holder> out = new ArrayList<>();
    for (int k = 0; k < found.size(); k++) {
      int point = points[k];
      String name = index.heapClass(heldAs[k] < 0 ? index.classOf(point) : heldAs[k]).name();
      out.add(new Holder(candidates[k], point, name, memory[k], retained.retained(candidates[k])));
    }
    out.sort(
        Comparator.comparingLong((Holder h) -> h.memory().directBytes() + h.memory().mappedBytes())
            .reversed());
    return out;
  }

  /**
   * What to do when the buffers are the chunks of Netty's pooled allocator: no code of the
   * application adds to the chunks, which hold the memory of every buffer taken from the pool and
   * not yet released. Netty's own leak detector names where a buffer that was never released was
   * taken and last used.
   */
  static final String NETTY_POOL =
      " These are the chunks of Netty's pooled allocator: they hold the memory of every ByteBuf"
          + " taken from the pool and not yet released (and a cache of released ones, bounded)."
          + " If this grows between dumps while the traffic does not, buffers are taken and never"
          + " released: run with -Dio.netty.leakDetection.level=paranoid (or advanced, which"
          + " samples) and Netty logs \"LEAK: ByteBuf.release() was not called\" with where each"
          + " such buffer was allocated and last used; the fix is a release() (or"
          + " ReferenceCountUtil.release) on every path, errors included.";

  /** The chunk class of Netty's pooled allocator, shaded into another package or not. */
  static boolean nettyPool(String className) {
    return className.endsWith(".PoolChunk") && className.contains("netty");
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
      out.add(finding(h.point(), h.accumulatedClass(), m, h.heapRetained(), reachableTotal, 1));
    }
    return out;
  }

  /**
   * The suspect of a holder of {@code m}, found at {@code point} (in {@code parts} places under one
   * holder: the arenas of Netty's pooled allocator, one per thread group).
   */
  public static Finding finding(
      int point,
      String accumulatedClass,
      NativeMemory m,
      long heapRetained,
      NativeMemory reachableTotal,
      int parts) {
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
    String where = parts > 1 ? ", in " + parts + " places inside it" : "";
    String held =
        accumulatedClass.equals(DirectBuffers.DIRECT_BUFFER)
            ? ""
            : " They are held in " + accumulatedClass + " objects.";
    return new Finding(
        Suspect.KIND_NATIVE_MEMORY,
        point,
        null,
        accumulatedClass,
        m.directBuffers(),
        heapRetained,
        List.of(),
        List.of(),
        "{holder} retains "
            + amount
            + " ("
            + share
            + " of the direct buffers' memory"
            + (parts > 1 ? ", in " + parts + " parts" : "")
            + ")",
        "{holder} retains "
            + amount
            + " that own their memory, outside the Java heap"
            + where
            + ": -Xmx does not limit it,"
            + " -XX:MaxDirectMemorySize does, and the process's resident memory shows it."
            + (nettyPool(accumulatedClass)
                ? "" // the pool frees a chunk's memory itself, once it is empty
                : " The memory is freed only after the buffers become unreachable and the"
                    + " garbage collector has run their cleaners.")
            + held
            + (nettyPool(accumulatedClass)
                ? NETTY_POOL
                : " If this grows between dumps, buffers are added and never released: look"
                    + " at the code that adds to {holder}."),
        m);
  }
}
