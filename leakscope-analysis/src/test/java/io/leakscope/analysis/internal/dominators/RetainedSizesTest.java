package io.leakscope.analysis.internal.dominators;

import static io.leakscope.analysis.internal.dominators.DominatorTreeTest.compute;
import static io.leakscope.analysis.internal.dominators.DominatorTreeTest.graph;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leakscope.analysis.internal.dominators.DominatorTreeTest.BruteForce;
import io.leakscope.analysis.internal.dominators.DominatorTreeTest.RandomGraph;
import io.leakscope.heap.ClassColumn;
import io.leakscope.hprof.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetainedSizesTest {

  @Test
  void diamondTopRetainsEverythingAndItsSidesOnlyThemselves() {
    long[] shallow = {1, 10, 100, 1000};
    DominatorTree tree = compute(graph(4, 0, 1, 0, 2, 1, 3, 2, 3), 0);
    RetainedSizes sizes = RetainedSizes.compute(tree, v -> shallow[v]);

    assertThat(retained(sizes)).containsExactly(1111, 10, 100, 1000);
    assertThat(sizes.reachableBytes()).isEqualTo(1111);
  }

  @Test
  void unreachableObjectsRetainNothingAndAreNeverMeasured() {
    List<Integer> measured = new ArrayList<>();
    DominatorTree tree = compute(graph(3, 0, 1, 2, 1), 0);
    RetainedSizes sizes =
        RetainedSizes.compute(
            tree,
            v -> {
              measured.add(v);
              return 8;
            });

    assertThat(retained(sizes)).containsExactly(16, 8, 0);
    assertThat(measured).containsExactlyInAnyOrder(0, 1);
  }

  @Test
  void objectHeldByTwoRootsIsRetainedByNeither() {
    DominatorTree tree = compute(graph(3, 0, 2, 1, 2), 0, 1);
    RetainedSizes sizes = RetainedSizes.compute(tree, v -> 5);

    assertThat(retained(sizes)).containsExactly(5, 5, 5);
    assertThat(sizes.reachableBytes()).isEqualTo(15);
  }

  @Test
  void sizesBeyondFourGigabytesAddUp() {
    DominatorTree tree = compute(graph(3, 0, 1, 1, 2), 0);
    RetainedSizes sizes = RetainedSizes.compute(tree, v -> 3L << 31);

    assertThat(sizes.retained(0)).isEqualTo(9L << 31);
  }

  @Test
  void sizesBeyondOneTebibyteAddUpToo() {
    // the compact form holds 40 bits: the chain's head passes them, its tail does not
    DominatorTree tree = compute(graph(4, 0, 1, 1, 2, 2, 3), 0);
    RetainedSizes sizes = RetainedSizes.compute(tree, v -> (3L << 38) + v);

    assertThat(retained(sizes))
        .containsExactly((12L << 38) + 6, (9L << 38) + 6, (6L << 38) + 5, (3L << 38) + 3);
    assertThat(sizes.reachableBytes()).isEqualTo((12L << 38) + 6);
  }

  @Test
  void linkedListOfOneClassCountsOnlyItsHead() {
    // 0 (holder, class 1) -> 1 -> 2 -> 3 (nodes, class 0), 3 -> 4 (payload, no class).
    int[] classOf = {1, 0, 0, 0, -1};
    DominatorTree tree = compute(graph(5, 0, 1, 1, 2, 2, 3, 3, 4), 0);
    RetainedSizes sizes = RetainedSizes.compute(tree, v -> 10);

    assertThat(RetainedSizes.byClass(tree, sizes, ClassColumn.of(classOf), 2))
        .containsExactly(40, 50);
  }

  @Test
  void byClassIsALowerBoundWhenInstancesHoldAnObjectTogether() {
    // Instances 1 and 2 of class 0 both hold 3; neither dominates it, so it is not counted,
    // although removing all of class 0 would free it.
    int[] classOf = {1, 0, 0, 1};
    DominatorTree tree = compute(graph(4, 0, 1, 0, 2, 1, 3, 2, 3), 0);
    RetainedSizes sizes = RetainedSizes.compute(tree, v -> 10);

    assertThat(RetainedSizes.byClass(tree, sizes, ClassColumn.of(classOf), 2))
        .containsExactly(20, 40);
  }

  @Test
  void byClassRejectsSizesOfAnotherTree() {
    DominatorTree small = compute(graph(2, 0, 1), 0);
    DominatorTree large = compute(graph(3, 0, 1), 0);
    RetainedSizes sizes = RetainedSizes.compute(large, v -> 1);

    assertThatThrownBy(() -> RetainedSizes.byClass(small, sizes, ClassColumn.of(new int[3]), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sizes: 3 objects (expected: 2)");
  }

  @Test
  void randomGraphsMatchBruteForce() {
    for (int seed = 1; seed <= 400; seed++) {
      RandomGraph g = RandomGraph.create(seed);
      DominatorTree tree = DominatorTree.compute(g.graph, g.roots, ProgressListener.NONE);
      RetainedSizes sizes = RetainedSizes.compute(tree, v -> g.shallow[v]);
      boolean[] reachable = BruteForce.reachableWithout(g, new boolean[g.nodes]);
      String context = "seed " + seed + ": " + g;

      // retained(v): what becomes unreachable without v, v included.
      boolean[][] freedBy = new boolean[g.nodes][];
      long total = 0;
      for (int v = 0; v < g.nodes; v++) {
        boolean[] removed = new boolean[g.nodes];
        removed[v] = true;
        freedBy[v] = freed(reachable, BruteForce.reachableWithout(g, removed));
        assertThat(sizes.retained(v)).as(context + " object %d", v).isEqualTo(bytes(g, freedBy[v]));
        total += reachable[v] ? g.shallow[v] : 0;
      }
      assertThat(sizes.reachableBytes()).as(context).isEqualTo(total);

      long[] byClass = RetainedSizes.byClass(tree, sizes, ClassColumn.of(g.classOf), g.classCount);
      for (int c = 0; c < g.classCount; c++) {
        // The union of what each instance frees alone, and what all instances free together.
        boolean[] union = new boolean[g.nodes];
        boolean[] instances = new boolean[g.nodes];
        for (int v = 0; v < g.nodes; v++) {
          if (g.classOf[v] == c) {
            instances[v] = true;
            for (int w = 0; w < g.nodes; w++) {
              union[w] |= freedBy[v][w];
            }
          }
        }
        long together = bytes(g, freed(reachable, BruteForce.reachableWithout(g, instances)));
        assertThat(byClass[c]).as(context + " class %d", c).isEqualTo(bytes(g, union));
        assertThat(byClass[c]).as(context + " class %d", c).isLessThanOrEqualTo(together);
      }
    }
  }

  private static boolean[] freed(boolean[] before, boolean[] after) {
    boolean[] result = new boolean[before.length];
    for (int v = 0; v < before.length; v++) {
      result[v] = before[v] && !after[v];
    }
    return result;
  }

  private static long bytes(RandomGraph g, boolean[] objects) {
    long sum = 0;
    for (int v = 0; v < g.nodes; v++) {
      sum += objects[v] ? g.shallow[v] : 0;
    }
    return sum;
  }

  private static long[] retained(RetainedSizes sizes) {
    long[] result = new long[sizes.nodeCount()];
    for (int v = 0; v < result.length; v++) {
      result[v] = sizes.retained(v);
    }
    return result;
  }
}
