package io.leakscope.analysis;

import io.leakscope.analysis.report.DominatorNode;
import io.leakscope.heap.HeapIndex;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Cuts the top out of the dominator tree for the report: the biggest top-level objects and, under
 * each, the biggest objects it dominates, level by level.
 *
 * <p>Design note. The whole tree has one node per reachable object, far too many for a report, and
 * a person drilling down looks only at the big subtrees. Nodes are taken breadth first, each with
 * at most {@link #CHILDREN_PER_NODE} children (the largest by retained size, found with a bounded
 * heap so a node with millions of children costs O(children · log k)), down to {@link #MAX_DEPTH}
 * levels and {@link #MAX_NODES} nodes in all; breadth first so that the budget is spread over the
 * top of every big subtree rather than spent on the deepest chain of the first. Children that
 * retain less than {@link #MIN_SHARE} of their parent are left out and counted instead. The result
 * costs a few hundred bytes per kept node (strings for class names and addresses).
 */
final class DominatorTreeSummary {
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

    Node(int id, int depth) {
      this.id = id;
      this.depth = depth;
    }
  }

  static List<DominatorNode> extract(HeapIndex index, DominatorTree tree, RetainedSizes retained)
      throws IOException {
    Node root = new Node(DominatorTree.ROOT, 0);
    ArrayDeque<Node> queue = new ArrayDeque<>();
    queue.add(root);
    int kept = 0;
    while (!queue.isEmpty()) {
      Node parent = queue.poll();
      int[] children = tree.children(parent.id);
      long parentRetained =
          parent.id == DominatorTree.ROOT ? retained.reachableBytes() : retained.retained(parent.id);
      int limit = parent.id == DominatorTree.ROOT ? TOP_LEVEL : CHILDREN_PER_NODE;
      limit = Math.min(limit, MAX_NODES - kept);
      int[] biggest = largest(children, retained, Math.max(0, limit));
      long keptRetained = 0;
      for (int id : biggest) {
        if (parent.id != DominatorTree.ROOT && retained.retained(id) < MIN_SHARE * parentRetained) {
          break;
        }
        Node child = new Node(id, parent.depth + 1);
        parent.children.add(child);
        keptRetained += retained.retained(id);
        kept++;
        if (child.depth < MAX_DEPTH) {
          queue.add(child);
        }
      }
      parent.moreChildren = children.length - parent.children.size();
      long all = 0;
      for (int c : children) {
        all += retained.retained(c);
      }
      parent.moreRetained = all - keptRetained;
    }
    List<DominatorNode> out = new ArrayList<>();
    for (Node n : root.children) {
      out.add(toReport(n, index, retained));
    }
    return out;
  }

  /** The {@code k} ids of {@code ids} with the largest retained sizes, largest first. */
  static int[] largest(int[] ids, RetainedSizes retained, int k) {
    if (k == 0 || ids.length == 0) {
      return new int[0];
    }
    PriorityQueue<long[]> heap = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
    for (int id : ids) {
      long r = retained.retained(id);
      if (heap.size() < k) {
        heap.add(new long[] {r, id});
      } else if (r > heap.peek()[0]) {
        heap.poll();
        heap.add(new long[] {r, id});
      }
    }
    long[][] all = heap.toArray(new long[0][]);
    Arrays.sort(all, (a, b) -> a[0] != b[0] ? Long.compare(b[0], a[0]) : Long.compare(a[1], b[1]));
    int[] result = new int[all.length];
    for (int i = 0; i < all.length; i++) {
      result[i] = (int) all[i][1];
    }
    return result;
  }

  private static DominatorNode toReport(Node n, HeapIndex index, RetainedSizes retained)
      throws IOException {
    List<DominatorNode> children = new ArrayList<>();
    for (Node c : n.children) {
      children.add(toReport(c, index, retained));
    }
    return new DominatorNode(
        "0x" + Long.toHexString(index.address(n.id)),
        index.heapClass(index.classOf(n.id)).name(),
        index.shallowSize(n.id),
        retained.retained(n.id),
        children,
        n.moreChildren,
        n.moreRetained);
  }
}
