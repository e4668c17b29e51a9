package io.leakscope.analysis.internal.dominators;

import static io.leakscope.analysis.internal.dominators.DominatorTree.ROOT;
import static io.leakscope.analysis.internal.dominators.DominatorTree.UNREACHABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leakscope.heap.ReferenceGraph;
import io.leakscope.heap.internal.ParkedArrays;
import io.leakscope.hprof.ProgressListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class DominatorTreeTest {

  @Test
  void diamondIsDominatedByItsTop() {
    DominatorTree tree = compute(graph(4, 0, 1, 0, 2, 1, 3, 2, 3), 0);

    assertThat(idoms(tree)).containsExactly(ROOT, 0, 0, 0);
    assertThat(tree.children(0)).containsExactlyInAnyOrder(1, 2, 3);
    assertThat(tree.topLevelObjects()).containsExactly(0);
  }

  @Test
  void chainIsDominatedLinkByLink() {
    DominatorTree tree = compute(graph(4, 0, 1, 1, 2, 2, 3), 0);

    assertThat(idoms(tree)).containsExactly(ROOT, 0, 1, 2);
    assertThat(preorder(tree)).containsExactly(0, 1, 2, 3);
  }

  @Test
  void cycleIsDominatedThroughTheObjectWhereItIsEntered() {
    DominatorTree tree = compute(graph(4, 0, 1, 1, 2, 2, 3, 3, 1), 0);

    assertThat(idoms(tree)).containsExactly(ROOT, 0, 1, 2);
  }

  @Test
  void selfLoopsAndDuplicateEdgesChangeNothing() {
    DominatorTree tree = compute(graph(4, 0, 0, 0, 1, 0, 1, 1, 1, 0, 2, 1, 3, 1, 3, 2, 3, 3, 3), 0);

    assertThat(idoms(tree)).containsExactly(ROOT, 0, 0, 0);
  }

  @Test
  void unreachableObjectsHaveNoDominatorAndDoNotChangeOthers() {
    // 3 points into the chain but nothing points to 3.
    DominatorTree tree = compute(graph(4, 0, 1, 1, 2, 3, 2), 0);

    assertThat(idoms(tree)).containsExactly(ROOT, 0, 1, UNREACHABLE);
    assertThat(tree.isReachable(3)).isFalse();
    assertThat(tree.isReachable(2)).isTrue();
    assertThat(tree.reachableCount()).isEqualTo(3);
    assertThat(tree.children(3)).isEmpty();
  }

  @Test
  void objectHeldByTwoRootsIsDominatedOnlyByTheSuperRoot() {
    DominatorTree tree = compute(graph(3, 0, 2, 1, 2), 0, 1);

    assertThat(idoms(tree)).containsExactly(ROOT, ROOT, ROOT);
    assertThat(tree.topLevelObjects()).containsExactlyInAnyOrder(0, 1, 2);
    assertThat(tree.children(ROOT)).containsExactly(tree.topLevelObjects());
  }

  @Test
  void rootReachedFromAnotherRootStaysTopLevel() {
    DominatorTree tree = compute(graph(3, 0, 1, 1, 2), 0, 1, 1, 0);

    assertThat(idoms(tree)).containsExactly(ROOT, ROOT, 1);
  }

  @Test
  void classEdgeKeepsTheClassObjectAlive() {
    // 0 -> 1; 1 is an instance of class 0 whose Class object is 2.
    int[] classOf = {-1, 0, -1};
    ReferenceGraph single = graph(3, new int[][] {{1}, {}, {}}, classOf, new int[] {2});
    assertThat(idoms(compute(single, 0))).containsExactly(ROOT, 0, 1);

    // A second instance reached from the root shares the Class object.
    int[] twoInstances = {-1, 0, -1, 0};
    ReferenceGraph shared = graph(4, new int[][] {{1, 3}, {}, {}, {}}, twoInstances, new int[] {2});
    assertThat(idoms(compute(shared, 0))).containsExactly(ROOT, 0, 0, 0);
  }

  @Test
  void withoutRootsNothingIsReachable() {
    DominatorTree tree = compute(graph(2, 0, 1));

    assertThat(idoms(tree)).containsExactly(UNREACHABLE, UNREACHABLE);
    assertThat(tree.reachableCount()).isZero();
    assertThat(tree.topLevelObjects()).isEmpty();
    assertThat(tree.children(ROOT)).isEmpty();
  }

  @Test
  void emptyGraphHasAnEmptyTree() {
    DominatorTree tree = compute(graph(0));

    assertThat(tree.nodeCount()).isZero();
    assertThat(tree.reachableCount()).isZero();
    assertThat(tree.children(ROOT)).isEmpty();
  }

  @Test
  void rootOutsideTheGraphIsRejected() {
    assertThatThrownBy(() -> compute(graph(2, 0, 1), 0, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("roots[1]: 2 (expected: 0..1)");
  }

  @Test
  void objectIdsOutsideTheGraphAreRejected() {
    DominatorTree tree = compute(graph(2, 0, 1), 0);

    assertThatThrownBy(() -> tree.immediateDominator(2))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> tree.children(-2)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> tree.objectInPreorder(2))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void progressEndsWithAllWorkDone() {
    List<long[]> updates = new ArrayList<>();
    DominatorTree.compute(
        graph(3, 0, 1, 1, 2),
        new int[] {0},
        (phase, done, total) -> {
          assertThat(phase).isEqualTo("dominators");
          updates.add(new long[] {done, total});
        });

    long[] last = updates.get(updates.size() - 1);
    assertThat(last[0]).isEqualTo(last[1]).isPositive();
  }

  @Test
  void progressListenerCanCancel() {
    ProgressListener cancel =
        (phase, done, total) -> {
          throw new CancellationException("stop");
        };

    assertThatThrownBy(() -> DominatorTree.compute(graph(2, 0, 1), new int[] {0}, cancel))
        .isInstanceOf(CancellationException.class);
  }

  @Test
  void veryDeepChainNeedsNoRecursion() {
    int n = 5_000_000;
    // 0 -> 1 -> ... -> n-1, and n-1 -> 1 so that path compression walks the whole chain at once.
    int[] edgeStart = new int[n + 1];
    int[] targets = new int[n];
    for (int v = 0; v < n; v++) {
      edgeStart[v + 1] = v + 1;
      targets[v] = v + 1 < n ? v + 1 : 1;
    }
    DominatorTree tree = compute(new ReferenceGraph(n, edgeStart, targets, null, null), 0);

    assertThat(tree.reachableCount()).isEqualTo(n);
    for (int v = 1; v < n; v++) {
      if (tree.immediateDominator(v) != v - 1 || tree.objectInPreorder(v) != v) {
        assertThat(tree.immediateDominator(v)).as("idom of %d", v).isEqualTo(v - 1);
        assertThat(tree.objectInPreorder(v)).as("preorder %d", v).isEqualTo(v);
      }
    }
    assertThat(tree.children(n - 2)).containsExactly(n - 1);
  }

  @Test
  void randomGraphsMatchBruteForce() {
    for (int seed = 1; seed <= 400; seed++) {
      RandomGraph g = RandomGraph.create(seed);
      DominatorTree tree = DominatorTree.compute(g.graph, g.roots, ProgressListener.NONE);
      BruteForce brute = new BruteForce(g);
      String context = "seed " + seed + ": " + g;

      assertThat(idoms(tree)).as(context).containsExactly(brute.immediateDominators());
      assertPreorderIsTreePreorder(tree, brute, context);
      int reachable = 0;
      for (int v = 0; v < g.nodes; v++) {
        reachable += brute.reachable[v] ? 1 : 0;
        assertThat(tree.isReachable(v)).as(context).isEqualTo(brute.reachable[v]);
        assertThat(tree.children(v)).as(context).containsExactly(brute.children(tree, v));
        assertThat(tree.childCount(v)).as(context).isEqualTo(tree.children(v).length);
      }
      assertThat(tree.reachableCount()).as(context).isEqualTo(reachable);
      assertThat(tree.topLevelObjects()).as(context).containsExactly(brute.children(tree, ROOT));
      assertThat(tree.children(ROOT)).as(context).containsExactly(tree.topLevelObjects());
    }
  }

  /**
   * The paths of a graph of more than 2^31 references, on small graphs: targets in chunks of 2 or 8
   * (lists across chunk ends) and predecessor lists in segments of as few entries as the most
   * referenced object allows (many segments, each filled by its own scan of the graph). Checked
   * against brute force.
   */
  @Test
  void randomGraphsInChunksAndSegmentsMatchBruteForce() {
    for (int seed = 1; seed <= 200; seed++) {
      RandomGraph g = RandomGraph.create(seed);
      BruteForce brute = new BruteForce(g);
      String context = "seed " + seed + ": " + g;
      int segment = longestList(g);
      ReferenceGraph chunked = g.graph.chunked(seed % 2 == 0 ? 1 : 3);
      SemiNca.Result result =
          SemiNca.compute(
              () -> chunked,
              g.roots,
              ProgressListener.NONE,
              () -> {},
              segment,
              SemiNca.Scatter.DEFAULT);
      DominatorTree tree =
          new DominatorTree(result.idom(), result.preorder(), result.reachableCount());
      assertThat(idoms(tree)).as(context).containsExactly(brute.immediateDominators());
      assertPreorderIsTreePreorder(tree, brute, context);
    }
  }

  /**
   * The path of a graph with millions of predecessor entries, on small graphs: the lists filled
   * through buckets of one to four entries (many buckets, each vertex's list possibly in two), in
   * one segment or in many. Checked against brute force.
   */
  @Test
  void randomGraphsWithBucketedListsMatchBruteForce() {
    for (int seed = 1; seed <= 300; seed++) {
      RandomGraph g = RandomGraph.create(seed);
      BruteForce brute = new BruteForce(g);
      String context = "seed " + seed + ": " + g;
      // every third graph in many segments: as few entries as the longest list allows
      int segment = seed % 3 == 0 ? longestList(g) : ParkedArrays.MAX_ARRAY_LENGTH;
      SemiNca.Result result =
          SemiNca.compute(
              () -> g.graph,
              g.roots,
              ProgressListener.NONE,
              () -> {},
              segment,
              new SemiNca.Scatter(1, 1 + seed % 4));
      DominatorTree tree =
          new DominatorTree(result.idom(), result.preorder(), result.reachableCount());
      assertThat(idoms(tree)).as(context).containsExactly(brute.immediateDominators());
      assertPreorderIsTreePreorder(tree, brute, context);
    }
  }

  /**
   * At least the length of the longest predecessor list: each object's references and class edges
   * to it, and one for a root.
   */
  private static int longestList(RandomGraph g) {
    int[] entries = new int[g.nodes];
    for (int root : g.roots) {
      entries[root] = 1;
    }
    for (int v = 0; v < g.nodes; v++) {
      for (long e = g.graph.firstEdge(v); e < g.graph.endEdge(v); e++) {
        entries[g.graph.target(e)]++;
      }
      int x = g.graph.extraSuccessor(v);
      if (x >= 0) {
        entries[x]++;
      }
    }
    return Math.max(1, Arrays.stream(entries).max().orElse(1));
  }

  /** One object referenced more times than a segment holds cannot be split: a clear error. */
  @Test
  void aListLongerThanASegmentIsRefused() {
    ReferenceGraph g = graph(3, 0, 2, 1, 2);
    assertThatThrownBy(
            () ->
                SemiNca.compute(
                    () -> g,
                    new int[] {0, 1},
                    ProgressListener.NONE,
                    () -> {},
                    1,
                    SemiNca.Scatter.DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("referenced 2 times: at most 1");
  }

  @Test
  void parkedPreorderReadsBackTheSameAcrossPieces() throws Exception {
    // 100,000 objects, most reachable: the scan crosses several 16,384-object pieces
    int n = 100_000;
    Random random = new Random(42);
    int[] pairs = new int[4 * n];
    for (int k = 0; k < pairs.length; k += 2) {
      pairs[k] = random.nextInt(n);
      pairs[k + 1] = random.nextInt(n);
    }
    DominatorTree tree =
        DominatorTree.compute(graph(n, pairs), new int[] {0, 1, 2}, ProgressListener.NONE);
    assertThat(tree.reachableCount()).isGreaterThan(3 * (1 << 14));
    int[] inMemory = preorder(tree);
    int[] scanned = scan(tree);
    int[] reversed = new int[inMemory.length];
    for (int k = 0; k < reversed.length; k++) {
      reversed[k] = inMemory[inMemory.length - 1 - k];
    }
    assertThat(scanBackwards(tree)).containsExactly(reversed);
    int[] top = tree.topLevelObjects();
    int someParent = tree.immediateDominator(inMemory[inMemory.length - 1]);
    int[] someChildren = new int[0];
    assertThat(scanned).containsExactly(inMemory);

    try (java.io.Closeable parked = tree.parkPreorder()) {
      assertThatThrownBy(tree::parkPreorder).isInstanceOf(IllegalStateException.class);
      assertThat(scan(tree)).containsExactly(inMemory);
      assertThat(scanBackwards(tree)).containsExactly(reversed);
      for (int k = 0; k < 1000; k++) {
        int at = random.nextInt(inMemory.length);
        assertThat(tree.objectInPreorder(at)).as("preorder %d", at).isEqualTo(inMemory[at]);
      }
      assertThat(tree.topLevelObjects()).containsExactly(top);
      someChildren = tree.children(someParent);
      DominatorTree.PreorderScan scan = tree.preorder();
      while (scan.hasNext()) {
        scan.next();
      }
      assertThatThrownBy(scan::next).isInstanceOf(java.util.NoSuchElementException.class);
      DominatorTree.BackwardScan back = tree.preorderBackwards();
      while (back.hasNext()) {
        back.next();
      }
      assertThatThrownBy(back::next).isInstanceOf(java.util.NoSuchElementException.class);
    }
    // the child index built from the file is the one brute force expects
    List<Integer> expected = new ArrayList<>();
    for (int v : inMemory) {
      if (tree.immediateDominator(v) == someParent) {
        expected.add(v);
      }
    }
    assertThat(someChildren)
        .isNotEmpty()
        .containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
  }

  private static int[] scan(DominatorTree tree) {
    int[] result = new int[tree.reachableCount()];
    int k = 0;
    for (DominatorTree.PreorderScan scan = tree.preorder(); scan.hasNext(); ) {
      result[k++] = scan.next();
    }
    assertThat(k).isEqualTo(result.length);
    return result;
  }

  private static int[] scanBackwards(DominatorTree tree) {
    int[] result = new int[tree.reachableCount()];
    int k = 0;
    for (DominatorTree.BackwardScan scan = tree.preorderBackwards(); scan.hasNext(); ) {
      result[k++] = scan.next();
    }
    assertThat(k).isEqualTo(result.length);
    return result;
  }

  /** Every reachable object once, after its immediate dominator, subtrees contiguous. */
  private static void assertPreorderIsTreePreorder(
      DominatorTree tree, BruteForce brute, String context) {
    int[] order = preorder(tree);
    int[] position = new int[tree.nodeCount()];
    Arrays.fill(position, -1);
    for (int k = 0; k < order.length; k++) {
      assertThat(position[order[k]]).as(context).isEqualTo(-1);
      position[order[k]] = k;
    }
    for (int k = 0; k < order.length; k++) {
      int v = order[k];
      int d = tree.immediateDominator(v);
      if (d != ROOT) {
        assertThat(position[d]).as(context).isLessThan(k);
      }
      int subtree = brute.dominatedCount(v);
      for (int j = k + 1; j < k + subtree; j++) {
        assertThat(brute.dominates(v, order[j])).as(context + " range of %d", v).isTrue();
      }
    }
  }

  /**
   * Through the hooks, on a copy of the graph that is scrambled as soon as the computation says its
   * depth-first search is done with it: the result must still be that of the plain computation. The
   * graph is asked for once before that and once after (for the scans, which get a second copy),
   * and the search is said to be done once.
   */
  static DominatorTree compute(ReferenceGraph graph, int... roots) {
    int n = graph.nodeCount();
    int[] starts = new int[n + 1];
    int[] targets = new int[(int) graph.edgeCount()];
    int[] ownClass = new int[n]; // each object its own "class", whose object is its extra successor
    int[] extra = new int[n];
    for (int v = 0; v < n; v++) {
      starts[v] = (int) graph.firstEdge(v);
      starts[v + 1] = (int) graph.endEdge(v);
      ownClass[v] = v;
      extra[v] = graph.extraSuccessor(v);
    }
    for (int e = 0; e < targets.length; e++) {
      targets[e] = graph.target(e);
    }
    ReferenceGraph copy = new ReferenceGraph(n, starts, targets, ownClass, extra);
    ReferenceGraph second =
        new ReferenceGraph(n, starts.clone(), targets.clone(), ownClass, extra.clone());
    int[] asked = {0};
    int[] done = {0};
    DominatorTree tree =
        DominatorTree.compute(
            () -> {
              asked[0]++;
              assertThat(done[0])
                  .as("asked for the graph again before the search was done")
                  .isEqualTo(asked[0] - 1);
              return asked[0] == 1 ? copy : second;
            },
            roots,
            ProgressListener.NONE,
            () -> {
              done[0]++;
              java.util.Arrays.fill(targets, 0);
              java.util.Arrays.fill(extra, -1);
              java.util.Arrays.fill(starts, 0);
            });
    assertThat(asked[0]).isEqualTo(2);
    assertThat(done[0]).isEqualTo(1);
    DominatorTree plain = DominatorTree.compute(graph, roots, ProgressListener.NONE);
    assertThat(idoms(tree)).isEqualTo(idoms(plain));
    assertThat(preorder(tree)).isEqualTo(preorder(plain));
    return tree;
  }

  static int[] idoms(DominatorTree tree) {
    int[] result = new int[tree.nodeCount()];
    for (int v = 0; v < result.length; v++) {
      result[v] = tree.immediateDominator(v);
    }
    return result;
  }

  static int[] preorder(DominatorTree tree) {
    int[] result = new int[tree.reachableCount()];
    for (int k = 0; k < result.length; k++) {
      result[k] = tree.objectInPreorder(k);
    }
    return result;
  }

  /** A graph from pairs {@code from, to, from, to, ...} without class edges. */
  static ReferenceGraph graph(int nodes, int... pairs) {
    List<List<Integer>> adjacency = new ArrayList<>();
    for (int v = 0; v < nodes; v++) {
      adjacency.add(new ArrayList<>());
    }
    for (int k = 0; k < pairs.length; k += 2) {
      adjacency.get(pairs[k]).add(pairs[k + 1]);
    }
    int[][] successors = new int[nodes][];
    for (int v = 0; v < nodes; v++) {
      successors[v] = adjacency.get(v).stream().mapToInt(Integer::intValue).toArray();
    }
    return graph(nodes, successors, null, null);
  }

  static ReferenceGraph graph(
      int nodes, int[][] successors, int[] classOf, int[] classObjectOfClass) {
    int[] edgeStart = new int[nodes + 1];
    for (int v = 0; v < nodes; v++) {
      edgeStart[v + 1] = edgeStart[v] + successors[v].length;
    }
    int[] targets = new int[edgeStart[nodes]];
    for (int v = 0; v < nodes; v++) {
      System.arraycopy(successors[v], 0, targets, edgeStart[v], successors[v].length);
    }
    return new ReferenceGraph(nodes, edgeStart, targets, classOf, classObjectOfClass);
  }

  /** A seeded random graph of 1..300 objects with roots, classes and shallow sizes. */
  static final class RandomGraph {
    final int nodes;
    final int[][] successors;
    final int[] roots;
    final int[] classOf; // never null here; all -1 when the graph has no class edges
    final int classCount;
    final long[] shallow;
    final ReferenceGraph graph;
    private final String description;

    private RandomGraph(
        int[][] successors,
        int[] roots,
        int[] classOf,
        int classCount,
        int[] classObjects,
        boolean classEdges,
        long[] shallow,
        String description) {
      this.nodes = successors.length;
      this.successors = successors;
      this.roots = roots;
      this.classOf = classOf;
      this.classCount = classCount;
      this.shallow = shallow;
      this.description = description;
      this.graph =
          graph(nodes, successors, classEdges ? classOf : null, classEdges ? classObjects : null);
    }

    static RandomGraph create(long seed) {
      Random random = new Random(seed);
      int nodes = random.nextBoolean() ? 1 + random.nextInt(12) : 1 + random.nextInt(300);
      double[] degrees = {0.3, 0.8, 1.0, 1.5, 2.5, 5.0};
      double degree = degrees[random.nextInt(degrees.length)];
      // Mostly "forward" edges make long chains and deep trees; the rest make cross and back edges.
      double forward = random.nextDouble();
      int[][] successors = new int[nodes][];
      int edges = 0;
      for (int v = 0; v < nodes; v++) {
        int count = (int) Math.floor(random.nextDouble() * 2 * degree + random.nextDouble());
        successors[v] = new int[count];
        for (int k = 0; k < count; k++) {
          int w;
          if (k > 0 && random.nextInt(10) == 0) {
            w = successors[v][k - 1]; // duplicate edge
          } else if (random.nextDouble() < forward) {
            w = Math.min(nodes - 1, v + 1 + random.nextInt(3));
          } else {
            w = random.nextInt(nodes);
          }
          successors[v][k] = w;
        }
        edges += count;
      }
      int[] roots = new int[random.nextInt(Math.min(nodes, 6) + 1)];
      for (int k = 0; k < roots.length; k++) {
        roots[k] = k > 0 && random.nextInt(4) == 0 ? roots[k - 1] : random.nextInt(nodes);
      }
      int classCount = 1 + random.nextInt(5);
      int[] classOf = new int[nodes];
      for (int v = 0; v < nodes; v++) {
        classOf[v] = random.nextInt(classCount + 1) - 1;
      }
      int[] classObjects = new int[classCount];
      for (int c = 0; c < classCount; c++) {
        classObjects[c] = random.nextInt(3) == 0 ? -1 : random.nextInt(nodes);
      }
      boolean classEdges = random.nextInt(4) != 0;
      long[] shallow = new long[nodes];
      for (int v = 0; v < nodes; v++) {
        shallow[v] = random.nextInt(20) == 0 ? 1L << (32 + random.nextInt(8)) : random.nextInt(200);
      }
      String description =
          nodes
              + " objects, "
              + edges
              + " references, roots "
              + Arrays.toString(roots)
              + (classEdges ? ", class edges" : "");
      return new RandomGraph(
          successors, roots, classOf, classCount, classObjects, classEdges, shallow, description);
    }

    @Override
    public String toString() {
      return description;
    }
  }

  /** Dominance by definition: d dominates v iff removing d makes v unreachable. O(n (n + m)). */
  static final class BruteForce {
    final RandomGraph g;
    final boolean[] reachable;

    /** dominatedBy[d][v]: v != d is unreachable without d. */
    private final boolean[][] dominatedBy;

    private int[] idom;

    BruteForce(RandomGraph g) {
      this.g = g;
      this.reachable = reachableWithout(g, new boolean[g.nodes]);
      this.dominatedBy = new boolean[g.nodes][];
      for (int d = 0; d < g.nodes; d++) {
        boolean[] removed = new boolean[g.nodes];
        removed[d] = true;
        boolean[] stillReachable = reachableWithout(g, removed);
        dominatedBy[d] = new boolean[g.nodes];
        for (int v = 0; v < g.nodes; v++) {
          dominatedBy[d][v] = v != d && reachable[v] && reachable[d] && !stillReachable[v];
        }
      }
    }

    /** Objects reachable from the roots when the {@code removed} ones are gone. */
    static boolean[] reachableWithout(RandomGraph g, boolean[] removed) {
      boolean[] seen = new boolean[g.nodes];
      int[] stack = new int[g.nodes];
      int top = 0;
      for (int root : g.roots) {
        if (!removed[root] && !seen[root]) {
          seen[root] = true;
          stack[top++] = root;
        }
      }
      while (top > 0) {
        int v = stack[--top];
        int[] next = Arrays.copyOf(g.successors[v], g.successors[v].length + 1);
        next[next.length - 1] = g.graph.extraSuccessor(v);
        for (int w : next) {
          if (w >= 0 && !removed[w] && !seen[w]) {
            seen[w] = true;
            stack[top++] = w;
          }
        }
      }
      return seen;
    }

    boolean dominates(int d, int v) {
      return dominatedBy[d][v];
    }

    /** Number of objects d dominates, d included. */
    int dominatedCount(int d) {
      int count = 1;
      for (int v = 0; v < g.nodes; v++) {
        count += dominatedBy[d][v] ? 1 : 0;
      }
      return count;
    }

    /** The strict dominators of v form a chain; the immediate one has the most dominators. */
    int[] immediateDominators() {
      int[] dominatorCount = new int[g.nodes];
      for (int d = 0; d < g.nodes; d++) {
        for (int v = 0; v < g.nodes; v++) {
          dominatorCount[v] += dominatedBy[d][v] ? 1 : 0;
        }
      }
      int[] result = new int[g.nodes];
      for (int v = 0; v < g.nodes; v++) {
        if (!reachable[v]) {
          result[v] = UNREACHABLE;
          continue;
        }
        result[v] = ROOT;
        for (int d = 0; d < g.nodes; d++) {
          if (dominatedBy[d][v]
              && (result[v] == ROOT || dominatorCount[d] > dominatorCount[result[v]])) {
            result[v] = d;
          }
        }
      }
      return result;
    }

    /** Objects whose brute-force immediate dominator is v, in the tree's preorder. */
    int[] children(DominatorTree tree, int v) {
      if (idom == null) {
        idom = immediateDominators();
      }
      return Arrays.stream(preorder(tree)).filter(w -> idom[w] == v).toArray();
    }
  }
}
