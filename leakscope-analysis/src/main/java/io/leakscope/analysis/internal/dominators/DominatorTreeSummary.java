package io.leakscope.analysis.internal.dominators;

import io.leakscope.analysis.report.DominatorNode;
import io.leakscope.heap.HeapIndex;
import io.leakscope.heap.internal.LongIntHashMap;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Cuts the top out of the dominator tree for the report: the biggest top-level objects and, under
 * each, the biggest objects it dominates, level by level.
 *
 * <p>Design note. The whole tree has one node per reachable object, far too many for a report, and
 * a person drilling down looks only at the big subtrees. Nodes are taken level by level, each with
 * at most {@link #CHILDREN_PER_NODE} children (the largest by retained size, kept in a bounded
 * heap), down to {@link #MAX_DEPTH} levels and {@link #MAX_NODES} nodes in all; level by level so
 * that the budget is spread over the top of every big subtree rather than spent on the deepest
 * chain of the first. Children that retain less than {@link #MIN_SHARE} of their parent are left
 * out and counted instead. Each level is one pass over the immediate-dominator array, so the cost
 * is at most {@link #MAX_DEPTH} passes over the objects and one bit per object (which objects are
 * parents on the level, so that most objects cost a bit test): a child index would cost 8 bytes per
 * object (240 MB on a 30-million-object dump) at the moment the analysis holds the most. The result
 * costs a few hundred bytes per kept node.
 */
public final class DominatorTreeSummary {
  static final int TOP_LEVEL = 100;
  static final int CHILDREN_PER_NODE = 25;
  static final int MAX_DEPTH = 10;
  static final int MAX_NODES = 4000;
  static final double MIN_SHARE = 0.001;

  private DominatorTreeSummary() {}

  private static final class Node {
    final int id;
    final int depth;
    final List<Node> children = new ArrayList<>();
    int moreChildren;
    long moreRetained;
    long address;

    Node(int id, int depth) {
      this.id = id;
      this.depth = depth;
    }
  }

  /** The nodes kept, by id, each with its children: what {@link #describe} reports. */
  public static final class Selection {
    private final Node root;

    private Selection(Node root) {
      this.root = root;
    }
  }

  /**
   * Which nodes the report keeps, level by level. Reads only the tree's immediate dominators and
   * the retained sizes, both in memory and read-only: it may run on a thread of its own beside
   * other readers of them (the suspects' finders).
   */
  public static Selection select(DominatorTree tree, RetainedSizes retained) {
    Node root = new Node(DominatorTree.ROOT, 0);
    List<Node> level = List.of(root);
    int kept = 0;
    int n = tree.nodeCount();
    while (!level.isEmpty() && kept < MAX_NODES) {
      // one pass over all objects collects the biggest children of every node on this level; the
      // slot of a parent is found by a bit test and a map without boxing (a HashMap<Integer, ...>
      // boxed the parent of every child: 0.3 s on a 31M-object dump)
      Slot[] slots = new Slot[level.size()];
      LongIntHashMap slotOf = new LongIntHashMap(level.size());
      BitSet parents = new BitSet(n);
      Slot rootSlot = null;
      for (int k = 0; k < slots.length; k++) {
        Node parent = level.get(k);
        long parentRetained =
            parent.id == DominatorTree.ROOT
                ? retained.reachableBytes()
                : retained.retained(parent.id);
        int limit = parent.id == DominatorTree.ROOT ? TOP_LEVEL : CHILDREN_PER_NODE;
        slots[k] = new Slot(limit, parentRetained);
        if (parent.id == DominatorTree.ROOT) {
          rootSlot = slots[k];
        } else {
          parents.set(parent.id);
          slotOf.put(parent.id, k);
        }
      }
      for (int v = 0; v < n; v++) {
        int p = tree.immediateDominator(v);
        Slot slot;
        if (p == DominatorTree.ROOT) {
          slot = rootSlot;
        } else {
          slot = p >= 0 && parents.get(p) ? slots[slotOf.get(p, -1)] : null;
        }
        if (slot != null) {
          slot.offer(v, retained.retained(v));
        }
      }
      List<Node> next = new ArrayList<>();
      for (int k = 0; k < slots.length; k++) {
        Node parent = level.get(k);
        Slot slot = slots[k];
        long keptRetained = 0;
        for (long[] c : slot.largestFirst()) {
          boolean tooSmall =
              parent.id != DominatorTree.ROOT && c[0] < MIN_SHARE * slot.parentRetained;
          if (tooSmall || kept == MAX_NODES) {
            break;
          }
          Node child = new Node((int) c[1], parent.depth + 1);
          parent.children.add(child);
          keptRetained += c[0];
          kept++;
          if (child.depth < MAX_DEPTH) {
            next.add(child);
          }
        }
        parent.moreChildren = (int) (slot.count - parent.children.size());
        parent.moreRetained = slot.sum - keptRetained;
      }
      level = next;
    }
    return new Selection(root);
  }

  /** The selected nodes as the report's, with their addresses, classes and sizes from the index. */
  public static List<DominatorNode> describe(
      HeapIndex index, Selection selection, RetainedSizes retained) throws IOException {
    Node root = selection.root;
    // the nodes' addresses read at once, in file order: one by one they were random reads
    List<Node> all = new ArrayList<>();
    collect(root.children, all);
    int[] ids = new int[all.size()];
    for (int k = 0; k < ids.length; k++) {
      ids[k] = all.get(k).id;
    }
    long[] addresses = index.addresses(ids);
    for (int k = 0; k < ids.length; k++) {
      all.get(k).address = addresses[k];
    }
    List<DominatorNode> out = new ArrayList<>();
    for (Node top : root.children) {
      out.add(toReport(top, index, retained));
    }
    return out;
  }

  /** The nodes of {@code nodes} and of their subtrees into {@code into}. */
  private static void collect(List<Node> nodes, List<Node> into) {
    for (Node n : nodes) {
      into.add(n);
      collect(n.children, into);
    }
  }

  /**
   * The biggest children of one node seen so far, their count and sum: a bounded heap of (retained,
   * id) in two arrays, the next to leave at the top, replaced in place by a bigger one (a {@code
   * PriorityQueue} of {@code long[]} pairs polled and refilled for every bigger child was a third
   * of this class's time on a 31M-object dump). It keeps the {@code limit} biggest by retained
   * size, and of equal ones the lowest ids: the next to leave is the smallest, of those the highest
   * id.
   */
  static final class Slot {
    final int limit;
    final long parentRetained;
    private final long[] bytes;
    private final int[] ids;
    private int size;
    long count;
    long sum;

    Slot(int limit, long parentRetained) {
      this.limit = limit;
      this.parentRetained = parentRetained;
      this.bytes = new long[limit];
      this.ids = new int[limit];
    }

    /** Whether (b1, id1) leaves before (b2, id2). */
    private static boolean leavesFirst(long b1, int id1, long b2, int id2) {
      return b1 < b2 || (b1 == b2 && id1 > id2);
    }

    void offer(int id, long b) {
      count++;
      sum += b;
      int k;
      if (size < limit) {
        k = size++;
        while (k > 0) { // sift up
          int parent = (k - 1) >>> 1;
          if (!leavesFirst(b, id, bytes[parent], ids[parent])) {
            break;
          }
          bytes[k] = bytes[parent];
          ids[k] = ids[parent];
          k = parent;
        }
      } else if (limit > 0 && leavesFirst(bytes[0], ids[0], b, id)) {
        k = 0;
        while (true) { // sift down from the top, which leaves
          int child = 2 * k + 1;
          if (child >= size) {
            break;
          }
          if (child + 1 < size
              && leavesFirst(bytes[child + 1], ids[child + 1], bytes[child], ids[child])) {
            child++;
          }
          if (!leavesFirst(bytes[child], ids[child], b, id)) {
            break;
          }
          bytes[k] = bytes[child];
          ids[k] = ids[child];
          k = child;
        }
      } else {
        return;
      }
      bytes[k] = b;
      ids[k] = id;
    }

    /** (retained, id) pairs, biggest first, ties by id. */
    long[][] largestFirst() {
      long[][] all = new long[size][];
      for (int k = 0; k < size; k++) {
        all[k] = new long[] {bytes[k], ids[k]};
      }
      Arrays.sort(
          all, (a, b) -> a[0] != b[0] ? Long.compare(b[0], a[0]) : Long.compare(a[1], b[1]));
      return all;
    }
  }

  private static DominatorNode toReport(Node n, HeapIndex index, RetainedSizes retained)
      throws IOException {
    List<DominatorNode> children = new ArrayList<>();
    for (Node c : n.children) {
      children.add(toReport(c, index, retained));
    }
    return new DominatorNode(
        "0x" + Long.toHexString(n.address),
        index.heapClass(index.classOf(n.id)).name(),
        index.shallowSize(n.id),
        retained.retained(n.id),
        children,
        n.moreChildren,
        n.moreRetained,
        index.representedClass(n.id) == null ? null : index.representedClass(n.id).name());
  }
}
