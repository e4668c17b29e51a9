package io.leakscope.analysis.internal.dominators;

import io.leakscope.heap.ClassColumn;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.function.IntToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * Retained size of every object: the total shallow size of the objects that would become
 * unreachable if it did, i.e. of its subtree in the {@link DominatorTree}.
 *
 * <p>Design: one backwards pass over the tree's preorder adds each object's total into its
 * immediate dominator's, O(reachable objects). Memory: 5 bytes per object, kept: the low 32 bits of
 * each size in an {@code int[]} and the next 8 in a {@code byte[]}, enough for 1 TiB; the first
 * size of 1 TiB or more (only in a heap that big) moves them all into one {@code long[]} (8 bytes
 * per object). The retained sizes are held while the leak suspects are looked for, the peak of the
 * analysis together with the building of the index, so the 3 bytes count. Nothing temporary. The
 * per-class totals of {@link #byClass} walk the same preorder and keep the current tree path
 * implicit in the immediate-dominator links, so they need only 12 bytes per class.
 *
 * <p>Immutable; safe to read from several threads. Methods taking an object id throw {@link
 * IndexOutOfBoundsException} for ids outside {@code [0, nodeCount())}.
 */
public final class RetainedSizes {
  /** Sizes below this fit the compact form. */
  private static final long COMPACT_LIMIT = 1L << 40;

  private final int nodeCount;
  private final int[] low; // empty when wide is used
  private final byte[] high;
  private final long @Nullable [] wide;
  private final long reachableBytes;

  private RetainedSizes(Sizes sizes, long reachableBytes) {
    this.nodeCount = sizes.nodeCount;
    this.low = sizes.low;
    this.high = sizes.high;
    this.wide = sizes.wide;
    this.reachableBytes = reachableBytes;
  }

  /** The sizes while they are added up: compact until one does not fit, then one long[]. */
  private static final class Sizes {
    final int nodeCount;
    int[] low;
    byte[] high;
    long @Nullable [] wide;

    Sizes(int nodeCount) {
      this.nodeCount = nodeCount;
      this.low = new int[nodeCount];
      this.high = new byte[nodeCount];
    }

    long get(int v) {
      return RetainedSizes.get(low, high, wide, v);
    }

    void set(int v, long size) {
      long[] w = wide;
      if (w == null && size >= COMPACT_LIMIT) {
        w = new long[nodeCount];
        for (int i = 0; i < nodeCount; i++) {
          w[i] = get(i);
        }
        wide = w;
        low = new int[0];
        high = new byte[0];
      }
      if (w != null) {
        w[v] = size;
      } else {
        low[v] = (int) size;
        high[v] = (byte) (size >>> 32);
      }
    }
  }

  private static long get(int[] low, byte[] high, long @Nullable [] wide, int v) {
    if (wide != null) {
      return wide[v];
    }
    return ((long) high[v] & 0xff) << 32 | (low[v] & 0xffffffffL);
  }

  /**
   * Computes retained sizes on the calling thread.
   *
   * @param tree the dominator tree
   * @param shallowSize the shallow size in bytes of an object id; called once for each reachable
   *     object, never for unreachable ones
   * @throws NullPointerException if an argument is null
   */
  public static RetainedSizes compute(DominatorTree tree, IntToLongFunction shallowSize) {
    Objects.requireNonNull(tree, "tree");
    Objects.requireNonNull(shallowSize, "shallowSize");
    Sizes retained = new Sizes(tree.nodeCount());
    long total = 0;
    // Backwards over a preorder: all of v's subtree has been added into retained[v] before v.
    for (DominatorTree.BackwardScan scan = tree.preorderBackwards(); scan.hasNext(); ) {
      int v = scan.next();
      long size = retained.get(v) + shallowSize.applyAsLong(v);
      retained.set(v, size);
      int d = tree.immediateDominator(v);
      if (d >= 0) {
        retained.set(d, retained.get(d) + size);
      } else {
        total += size;
      }
    }
    return new RetainedSizes(retained, total);
  }

  /** The number of objects of the graph, as {@link DominatorTree#nodeCount()}. */
  public int nodeCount() {
    return nodeCount;
  }

  /** The retained size of {@code v} in bytes, including its own; 0 if it is unreachable. */
  public long retained(int v) {
    Objects.checkIndex(v, nodeCount);
    return get(low, high, wide, v);
  }

  /** The total shallow size of all reachable objects. */
  public long reachableBytes() {
    return reachableBytes;
  }

  /**
   * The bytes retained by the instances of each class: for class c, the sum of {@link #retained}
   * over reachable instances of c that have no other instance of c among their dominators, which
   * counts each object at most once.
   *
   * <p>This equals the total shallow size of the objects that become unreachable when any single
   * instance of c does, and is a lower bound of what becomes unreachable when all instances of c do
   * at once: an object kept alive only jointly by two instances (neither dominating the other) is
   * not counted. Eclipse MAT shows the same lower bound in its histogram.
   *
   * <p>O(reachable objects) on the calling thread; 12 bytes per class of memory.
   *
   * @param tree the dominator tree {@code sizes} was computed from
   * @param sizes retained sizes of {@code tree}
   * @param classOf class index of each object (at least {@code tree.nodeCount()} entries), in
   *     {@code [0, classCount)}, or negative for an object that belongs to no class
   * @param classCount number of classes
   * @return bytes per class index, a new array of {@code classCount} entries
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code sizes} does not belong to {@code tree} or {@code
   *     classOf} is too short
   * @throws IndexOutOfBoundsException if a reachable object's class is {@code >= classCount}
   */
  public static long[] byClass(
      DominatorTree tree, RetainedSizes sizes, ClassColumn classOf, int classCount) {
    Objects.requireNonNull(tree, "tree");
    Objects.requireNonNull(sizes, "sizes");
    Objects.requireNonNull(classOf, "classOf");
    if (sizes.nodeCount() != tree.nodeCount()) {
      throw new IllegalArgumentException(
          "sizes: " + sizes.nodeCount() + " objects (expected: " + tree.nodeCount() + ")");
    }
    if (classOf.size() < tree.nodeCount()) {
      throw new IllegalArgumentException(
          "classOf: " + classOf.size() + " entries (expected: " + tree.nodeCount() + "+)");
    }
    long[] bytes = new long[classCount];
    // How many objects of each class are on the tree path from the super-root to `previous`.
    int[] onPath = new int[classCount];
    int previous = DominatorTree.ROOT;
    for (DominatorTree.PreorderScan scan = tree.preorder(); scan.hasNext(); ) {
      int v = scan.next();
      int d = tree.immediateDominator(v);
      // In a preorder the immediate dominator is on the path to the previous object; leave the
      // subtrees that have been finished. Each object is left at most once: O(n) in total.
      while (previous != d) {
        int c = classOf.get(previous);
        if (c >= 0) {
          onPath[c]--;
        }
        previous = tree.immediateDominator(previous);
      }
      int c = classOf.get(v);
      if (c >= 0) {
        if (onPath[c] == 0) {
          bytes[c] += sizes.retained(v);
        }
        onPath[c]++;
      }
      previous = v;
    }
    return bytes;
  }

  /** The {@code k} reachable objects with the largest retained sizes, largest first. */
  public static int[] biggest(DominatorTree tree, RetainedSizes retained, int k) {
    PriorityQueue<long[]> heap = new PriorityQueue<>(Comparator.comparingLong((long[] a) -> a[0]));
    long floor = Long.MIN_VALUE;
    for (DominatorTree.PreorderScan scan = tree.preorder(); scan.hasNext(); ) {
      int id = scan.next();
      long r = retained.retained(id);
      if (heap.size() < k) {
        heap.add(new long[] {r, id});
        floor = heap.peek()[0];
      } else if (r > floor) {
        heap.poll();
        heap.add(new long[] {r, id});
        floor = heap.peek()[0];
      }
    }
    List<long[]> all = new ArrayList<>(heap);
    all.sort(Comparator.comparingLong((long[] a) -> a[0]).reversed().thenComparingLong(a -> a[1]));
    int[] ids = new int[all.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = (int) all.get(i)[1];
    }
    return ids;
  }
}
