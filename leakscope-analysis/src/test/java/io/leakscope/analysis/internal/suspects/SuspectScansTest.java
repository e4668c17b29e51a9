package io.leakscope.analysis.internal.suspects;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.analysis.internal.dominators.DominatorTree;
import io.leakscope.analysis.internal.dominators.RetainedSizes;
import io.leakscope.heap.HeapIndex;
import io.leakscope.hprof.HprofTag;
import io.leakscope.hprof.ProgressListener;
import io.leakscope.testing.hprof.HeapDumpBuilder;
import io.leakscope.testing.hprof.HeapDumpBuilder.ClassHandle;
import io.leakscope.testing.hprof.HeapDumpBuilder.FieldSpec;
import io.leakscope.testing.hprof.HeapDumpBuilder.Instance;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The suspects' two scans of the dominator tree, against brute force on random heaps: the descents
 * from candidates to their accumulation points (against a column of every object's biggest child,
 * followed while it holds 80%), and the elements each group of owners holds through plumbing
 * (against a walk up the immediate dominators from every object), with more groups than one scan
 * tells apart.
 */
class SuspectScansTest {
  @TempDir Path dir;

  /** A random heap: cycles, shared objects, chains whose every node holds most of the rest. */
  private Path randomDump(Random random) throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    List<ClassHandle> classes = new ArrayList<>();
    for (String name :
        List.of("a.Item", "java.util.HashMap$Node", "a.Holder", "java.util.ArrayList")) {
      classes.add(
          b.defineClass(
              name, b.objectClass(), FieldSpec.ref("x"), FieldSpec.ref("y"), FieldSpec.ref("z")));
    }
    List<Instance> objects = new ArrayList<>();
    List<Long> all = new ArrayList<>();
    int n = 200 + random.nextInt(800);
    for (int i = 0; i < n; i++) {
      Instance o = b.instance(classes.get(random.nextInt(classes.size())));
      objects.add(o);
      all.add(o.id());
    }
    for (Instance o : objects) {
      for (String f : List.of("x", "y", "z")) {
        int pick = random.nextInt(10);
        if (pick < 4) {
          o.set(f, all.get(random.nextInt(all.size())));
        } else if (pick < 7) {
          o.set(f, b.primitiveArray(new byte[random.nextInt(300)]).id());
        }
      }
    }
    // chains: each node holds the next and a payload, so each retains most of what follows it
    for (int c = 0; c < 3; c++) {
      long next = 0;
      int length = 100 + random.nextInt(120); // 300 objects at least that dominate others
      for (int i = 0; i < length; i++) {
        // the first chain alternates two classes (a descent may follow it all the way); the others
        // take any class, so that some node holds most of the rest in a node of its own class
        ClassHandle nodeClass =
            c == 0 ? classes.get(i % 2) : classes.get(random.nextInt(classes.size()));
        Instance node = b.instance(nodeClass);
        node.set("x", next);
        node.set("y", b.primitiveArray(new byte[random.nextInt(64)]).id());
        if (random.nextInt(8) == 0) {
          node.set("z", b.primitiveArray(new long[random.nextInt(200)]).id());
        }
        next = node.id();
      }
      b.root(HprofTag.ROOT_JNI_GLOBAL, next);
    }
    for (int r = 0; r < 5; r++) {
      b.root(HprofTag.ROOT_JNI_GLOBAL, all.get(random.nextInt(all.size())));
    }
    Path p = dir.resolve("d" + System.nanoTime() + ".hprof");
    b.writeTo(p);
    return p;
  }

  private interface Check {
    void run(HeapIndex index, DominatorTree tree, RetainedSizes retained, Random random);
  }

  private void onRandomHeaps(long seed, Check check) throws IOException {
    Random random = new Random(seed);
    for (int round = 0; round < 6; round++) {
      try (HeapIndex index = HeapIndex.open(randomDump(random), ProgressListener.NONE)) {
        DominatorTree tree =
            DominatorTree.compute(
                index.graph(), index.roots().distinctObjectIds(), ProgressListener.NONE);
        RetainedSizes retained = RetainedSizes.compute(tree, index::shallowSize);
        check.run(index, tree, retained, random);
      }
    }
  }

  private static List<Integer> reachable(DominatorTree tree) {
    List<Integer> out = new ArrayList<>();
    for (int v = 0; v < tree.nodeCount(); v++) {
      if (tree.isReachable(v)) {
        out.add(v);
      }
    }
    return out;
  }

  /** Whether {@code v} and the three objects above it have classes A, B, A, B. */
  private static boolean alternates(HeapIndex index, DominatorTree tree, int v) {
    int[] up = new int[4];
    up[0] = v;
    for (int i = 1; i < 4; i++) {
      up[i] = up[i - 1] < 0 ? -1 : tree.immediateDominator(up[i - 1]);
    }
    return up[3] >= 0
        && index.classOf(up[0]) == index.classOf(up[2])
        && index.classOf(up[1]) == index.classOf(up[3])
        && index.classOf(up[0]) != index.classOf(up[1]);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void descentsEndWhereTheBiggestChildStopsHolding80PercentOrIsOfItsParentsClass(long seed)
      throws IOException {
    int[] stops = {0};
    onRandomHeaps(
        seed,
        (index, tree, retained, random) -> {
          int n = tree.nodeCount();
          int[] biggest = new int[n];
          java.util.Arrays.fill(biggest, -1);
          for (int v = 0; v < n; v++) {
            int p = tree.immediateDominator(v);
            if (p >= 0
                && (biggest[p] < 0 || retained.retained(v) > retained.retained(biggest[p]))) {
              biggest[p] = v;
            }
          }
          List<Integer> live = reachable(tree);
          List<Integer> starts = new ArrayList<>();
          starts.add(-1);
          for (int k = 0; k < 60; k++) {
            starts.add(live.get(random.nextInt(live.size())));
          }
          int[] points = LeakSuspectFinder.points(tree, retained, index::classOf, starts);
          int deep = 0;
          int stoppedByClass = 0;
          for (int k = 0; k < starts.size(); k++) {
            int v = starts.get(k);
            int steps = 0;
            while (v >= 0
                && biggest[v] >= 0
                && retained.retained(biggest[v]) >= 0.8 * retained.retained(v)) {
              if (index.classOf(biggest[v]) == index.classOf(v)) {
                stoppedByClass++;
                break;
              }
              if (alternates(index, tree, biggest[v])) {
                v = tree.immediateDominator(tree.immediateDominator(v)); // a chain's first link
                stoppedByClass++;
                break;
              }
              v = biggest[v];
              steps++;
            }
            deep = Math.max(deep, steps);
            // and up to the first node of a chain of one class, or of two a link, that it ends in
            while (v >= 0) {
              int up = tree.immediateDominator(v);
              if (up >= 0 && index.classOf(up) == index.classOf(v)) {
                v = up;
                continue;
              }
              if (up < 0 || !alternates(index, tree, v)) {
                break;
              }
              v = tree.immediateDominator(up);
            }
            assertThat(points[k]).as("descent from %d", starts.get(k)).isEqualTo(v);
          }
          assertThat(deep).as("some descent goes down a chain").isGreaterThan(3);
          stops[0] += stoppedByClass;
        });
    assertThat(stops[0]).as("descents that stopped at a child of their own class").isPositive();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4, 300})
  void elementsAreTheObjectsWhoseNearestOutsideDominatorIsAnOwner(int groupCount)
      throws IOException {
    onRandomHeaps(
        groupCount,
        (index, tree, retained, random) -> {
          boolean[] plumbing = new boolean[index.classCount()];
          for (int c = 0; c < plumbing.length; c++) {
            String name = index.heapClass(c).name();
            plumbing[c] =
                name.equals("java.util.HashMap$Node")
                    || (!name.equals("a.Item") && random.nextInt(3) > 0);
          }
          // owners among the objects that dominate others (the others own nothing)
          List<Integer> live = new ArrayList<>();
          for (int v : reachable(tree)) {
            int p = tree.immediateDominator(v);
            if (p >= 0 && !live.contains(p)) {
              live.add(p);
            }
          }
          java.util.Collections.shuffle(live, random);
          // disjoint owners, one to three per group
          List<int[]> groups = new ArrayList<>();
          Map<Integer, Integer> groupOf = new HashMap<>();
          int next = 0;
          for (int k = 0; k < groupCount && next < live.size(); k++) {
            int size = Math.min(groupCount > 255 ? 1 : 1 + random.nextInt(3), live.size() - next);
            int[] owners = new int[size];
            for (int i = 0; i < size; i++) {
              owners[i] = live.get(next++);
              groupOf.put(owners[i], k);
            }
            groups.add(owners);
          }
          // brute force: walk up from every object past plumbing that is not an owner
          List<Map<Integer, long[]>> expected = new ArrayList<>();
          groups.forEach(g -> expected.add(new HashMap<>()));
          Map<Integer, Integer> elementGroup = new HashMap<>();
          for (int v : reachable(tree)) {
            if (plumbing[index.classOf(v)]) {
              continue;
            }
            int p = tree.immediateDominator(v);
            while (p >= 0 && plumbing[index.classOf(p)] && !groupOf.containsKey(p)) {
              p = tree.immediateDominator(p);
            }
            if (p >= 0 && groupOf.containsKey(p)) {
              int k = groupOf.get(p);
              long[] r = expected.get(k).computeIfAbsent(index.classOf(v), c -> new long[2]);
              r[0]++;
              r[1] += retained.retained(v);
              elementGroup.put(v, k);
            }
          }
          if (groupCount > 255) {
            assertThat(groups).as("more groups than one scan tells apart").hasSizeGreaterThan(255);
          }
          byte[] scratch = new byte[tree.nodeCount()];
          random.nextBytes(scratch); // as the finder before leaves it
          List<Map<Integer, long[]>> actual =
              LeakSuspectFinder.elements(index, tree, retained, groups, plumbing, scratch);
          assertThat(actual).hasSize(groups.size());
          int elements = 0;
          for (int k = 0; k < groups.size(); k++) {
            assertThat(actual.get(k).keySet())
                .as("group %d", k)
                .isEqualTo(expected.get(k).keySet());
            for (Map.Entry<Integer, long[]> e : actual.get(k).entrySet()) {
              long[] want = expected.get(k).get(e.getKey());
              assertThat(e.getValue()[0]).isEqualTo(want[0]);
              assertThat(e.getValue()[1]).isEqualTo(want[1]);
              int example = (int) e.getValue()[2];
              assertThat(index.classOf(example)).isEqualTo(e.getKey());
              assertThat(elementGroup.get(example)).isEqualTo(k);
              elements += (int) want[0];
            }
          }
          assertThat(elements)
              .as(
                  "the groups hold elements: %d reachable, %d groups, plumbing %s",
                  reachable(tree).size(), groups.size(), java.util.Arrays.toString(plumbing))
              .isPositive();
        });
  }
}
