package io.leakscope.analysis.internal.growth;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.analysis.internal.dominators.DominatorTree;
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
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The elements of accumulations and their samples on random heaps (shared objects, cycles, objects
 * written in shuffled order), against brute force: an element is an object of the accumulated class
 * whose nearest point among the dominators above it (itself included) is the accumulation's point,
 * found by walking up the immediate dominators; it is identified when it references an id String,
 * and the distinct ids are the distinct fingerprints.
 */
class ElementSamplesInHeapsTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void elementsAndSamplesMatchBruteForce(long seed) throws IOException {
    Random random = new Random(seed);
    HeapDumpBuilder b = HeapDumpBuilder.create().shuffleObjects(seed);
    ClassHandle item =
        b.defineClass(
            "a.Item",
            b.objectClass(),
            FieldSpec.ref("id"),
            FieldSpec.ref("next"),
            FieldSpec.ref("other"),
            FieldSpec.ref("payload"));
    ClassHandle box = b.defineClass("a.Box", b.objectClass(), FieldSpec.ref("inner"));
    List<Instance> all = new ArrayList<>();
    List<Boolean> boxes = new ArrayList<>();
    int count = 2_000 + random.nextInt(3_000);
    for (int i = 0; i < count; i++) {
      boolean isBox = random.nextInt(10) == 0; // a wrapper between items
      Instance x = b.instance(isBox ? box : item);
      if (!isBox) {
        if (random.nextInt(8) != 0) {
          x.set("id", b.string("id-" + random.nextInt(count / 3)).id());
        }
        x.set("payload", b.primitiveArray(new byte[random.nextInt(40)]).id());
      }
      all.add(x);
      boxes.add(isBox);
    }
    // a forest with shared objects and cycles: each object points at an earlier one, some items
    // also at a random one
    for (int i = 1; i < all.size(); i++) {
      long earlier = all.get(random.nextInt(i)).id();
      if (boxes.get(i)) {
        all.get(i).set("inner", earlier);
      } else {
        all.get(i).set("next", earlier);
        if (random.nextInt(6) == 0) {
          all.get(i).set("other", all.get(random.nextInt(all.size())).id());
        }
      }
    }
    for (int r = 0; r < 12; r++) {
      b.root(
          HprofTag.ROOT_JNI_GLOBAL, all.get(all.size() - 1 - random.nextInt(all.size() / 2)).id());
    }
    Path p = dir.resolve("d" + seed + ".hprof");
    b.writeTo(p);
    try (HeapIndex index = HeapIndex.open(p, ProgressListener.NONE)) {
      DominatorTree tree =
          DominatorTree.compute(
              index.graph(), index.roots().distinctObjectIds(), ProgressListener.NONE);
      List<Integer> reachable = new ArrayList<>();
      for (int v = 0; v < tree.nodeCount(); v++) {
        if (tree.isReachable(v)) {
          reachable.add(v);
        }
      }
      // points: objects that dominate others, and a few at random
      List<ElementSamples.Accumulation> accumulations = new ArrayList<>();
      Set<Integer> points = new HashSet<>();
      while (accumulations.size() < 6) {
        int v = reachable.get(random.nextInt(reachable.size()));
        if (points.add(v)) {
          accumulations.add(new ElementSamples.Accumulation(v, "a.Item", 1_000));
        }
      }
      boolean[] itemClass = new boolean[index.classCount()];
      for (int c = 0; c < index.classCount(); c++) {
        itemClass[c] = index.heapClass(c).name().equals("a.Item");
      }
      boolean[][] classes = new boolean[accumulations.size()][];
      Arrays.fill(classes, itemClass);
      int[][] found =
          ElementSamples.elements(index, tree, accumulations, classes, new byte[tree.nodeCount()]);
      List<ElementSamples.Sample> samples =
          ElementSamples.sample(index, tree, accumulations, new byte[tree.nodeCount()]);
      for (int k = 0; k < accumulations.size(); k++) {
        int point = accumulations.get(k).point();
        List<Integer> expected = new ArrayList<>();
        Set<String> texts = new HashSet<>();
        int identified = 0;
        for (int v : reachable) {
          if (!itemClass[index.classOf(v)] || nearestPoint(tree, points, v) != point) {
            continue;
          }
          expected.add(v);
          int id = stringField(index, v);
          String text = id < 0 ? null : index.readString(id, 100);
          if (text != null) {
            identified++;
            texts.add(text);
          }
        }
        assertThat(found[k])
            .as("elements of point %d, seed %d", point, seed)
            .containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
        ElementSamples.Sample s = samples.get(k);
        if (expected.isEmpty() || expected.size() < ElementSamples.MIN_SAMPLE) {
          continue; // an accumulation said to hold 1,000 is looked at whatever it holds
        }
        assertThat(s.identified()).as("identified, seed %d", seed).isEqualTo(identified);
        assertThat(s.distinct()).as("distinct, seed %d", seed).isEqualTo(texts.size());
        assertThat(s.prints())
            .hasSize(texts.size() < ElementSamples.MIN_SAMPLE ? 0 : Math.min(texts.size(), 64))
            .isSorted();
      }
    }
  }

  /** The nearest of {@code points} among {@code v} and the objects above it, or -1. */
  private static int nearestPoint(DominatorTree tree, Set<Integer> points, int v) {
    for (int x = v; x >= 0; x = tree.immediateDominator(x)) {
      if (points.contains(x)) {
        return x;
      }
    }
    return -1;
  }

  /** The String an item's {@code id} field references, or -1. */
  private static int stringField(HeapIndex index, int v) throws IOException {
    Long address = index.findReferenceField(v, "id");
    return address == null || address == 0 ? -1 : index.referencedObjectAt(v, address);
  }
}
