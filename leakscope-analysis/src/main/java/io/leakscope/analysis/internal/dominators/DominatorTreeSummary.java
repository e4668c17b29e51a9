package io.leakscope.analysis.internal.dominators;

import io.leakscope.analysis.report.DominatorNode;
import io.leakscope.heap.HeapIndex;
import io.leakscope.heap.internal.LongIntHashMap;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.PriorityQueue;

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

  public static List<DominatorNode> extract(
      HeapIndex index, DominatorTree tree, RetainedSizes retained) throws IOException {
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

  /** The biggest children of one node seen so far (a bounded min-heap), their count and sum. */
  private static final class Slot {
    final int limit;
    final long parentRetained;
    final PriorityQueue<long[]> heap = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
    long count;
    long sum;

    Slot(int limit, long parentRetained) {
      this.limit = limit;
      this.parentRetained = parentRetained;
    }

    void offer(int id, long bytes) {
      count++;
      sum += bytes;
      if (heap.size() < limit) {
        heap.add(new long[] {bytes, id});
      } else if (limit > 0 && bytes > heap.peek()[0]) {
        heap.poll();
        heap.add(new long[] {bytes, id});
      }
    }

    long[][] largestFirst() {
      long[][] all = heap.toArray(new long[0][]);
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
