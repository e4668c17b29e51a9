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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The elements of accumulations and their samples on random heaps (shared objects, cycles, objects
 * written in shuffled order), against brute force: an element is an object of the accumulated class
 * whose nearest point among the dominators above it (itself included) is the accumulation's point,
 * found by walking up the immediate dominators; the distinct id Strings they reference are the
 * distinct fingerprints. The point's own map entries are the entries below it with only entries and
 * arrays between (and no nearer point), and their keys are counted by their texts.
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
    // map entries between items: a key (one of 30 texts, or none) and what they hold
    ClassHandle box =
        b.defineClass("a.Entry", b.objectClass(), FieldSpec.ref("key"), FieldSpec.ref("inner"));
    // keys are objects of their own (Strings as keys compare by content: never counted)
    ClassHandle keyClass = b.defineClass("a.Key", b.objectClass(), FieldSpec.ref("name"));
    List<Instance> all = new ArrayList<>();
    List<Boolean> boxes = new ArrayList<>();
    int count = 2_000 + random.nextInt(3_000);
    for (int i = 0; i < count; i++) {
      boolean isBox = random.nextInt(4) == 0;
      Instance x = b.instance(isBox ? box : item);
      if (isBox && random.nextInt(10) != 0) {
        x.set("key", b.instance(keyClass, b.string("key-" + random.nextInt(30)).id()).id());
      } else if (!isBox) {
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
    // three maps: a table object, its array of entries, each entry's key (some missing) and a
    // fresh item of its own
    ClassHandle table = b.defineClass("a.Table", b.objectClass(), FieldSpec.ref("table"));
    List<Long> tables = new ArrayList<>();
    for (int m = 0; m < 3; m++) {
      long[] entries = new long[100 + random.nextInt(300)];
      for (int i = 0; i < entries.length; i++) {
        Instance value = b.instance(item);
        value.set("id", b.string("id-" + random.nextInt(count / 3)).id());
        if (random.nextInt(5) == 0) {
          // an entry of a map inside the value: not the table's own
          Instance nested = b.instance(box);
          nested.set(
              "key", b.instance(keyClass, b.string("nested-" + random.nextInt(1_000)).id()).id());
          value.set("other", nested.id());
        }
        Instance entry = b.instance(box);
        if (random.nextInt(10) != 0) {
          entry.set(
              "key",
              b.instance(keyClass, b.string("key-" + random.nextInt(30 + 100 * m)).id()).id());
        }
        entry.set("inner", value.id());
        entries[i] = entry.id();
      }
      Instance t = b.instance(table, b.objectArray(b.arrayClass(box), entries).id());
      b.root(HprofTag.ROOT_JNI_GLOBAL, t.id());
      tables.add(t.id());
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
      // points: the three objects that dominate the most, some of them inside others', and three
      // at random
      Map<Integer, Integer> below = new HashMap<>();
      for (int v : reachable) {
        for (int x = tree.immediateDominator(v); x >= 0; x = tree.immediateDominator(x)) {
          below.merge(x, 1, Integer::sum);
        }
      }
      List<Integer> biggest = new ArrayList<>(below.keySet());
      biggest.sort((x, y) -> Integer.compare(below.get(y), below.get(x)));
      List<ElementSamples.Accumulation> accumulations = new ArrayList<>();
      Set<Integer> points = new HashSet<>();
      for (int t = 0; t < index.objectCount(); t++) {
        if (index.heapClass(index.classOf(t)).name().equals("a.Table")) {
          points.add(t);
          accumulations.add(new ElementSamples.Accumulation(t, "a.Item", 1_000));
        }
      }
      assertThat(accumulations).hasSize(tables.size());
      for (int i = 0; accumulations.size() < 7; i++) {
        int v = i < 2 ? biggest.get(i) : reachable.get(random.nextInt(reachable.size()));
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
          ElementSamples.elements(index, tree, accumulations, classes, new byte[tree.nodeCount()])
              .elements();
      List<ElementSamples.Sample> samples =
          ElementSamples.sample(index, tree, accumulations, new byte[tree.nodeCount()], true);
      int keysSeen = 0;
      for (int k = 0; k < accumulations.size(); k++) {
        int point = accumulations.get(k).point();
        List<Integer> expected = new ArrayList<>();
        Set<String> texts = new HashSet<>();
        Set<String> keyTexts = new HashSet<>();
        int keys = 0;
        for (int v : reachable) {
          if (nearestPoint(tree, points, v) == point && ownEntry(index, tree, point, v)) {
            String key = keyName(index, v);
            if (key != null) {
              keys++;
              keyTexts.add(key);
            }
          }
          if (!itemClass[index.classOf(v)] || nearestPoint(tree, points, v) != point) {
            continue;
          }
          expected.add(v);
          String text = text(index, v, "id");
          if (text != null) {
            texts.add(text);
          }
        }
        assertThat(found[k])
            .as("elements of point %d, seed %d", point, seed)
            .containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
        ElementSamples.Sample s = samples.get(k);
        assertThat(s.keys()).as("keys of the own entries, seed %d", seed).isEqualTo(keys);
        assertThat(s.distinctKeys()).as("distinct keys, seed %d", seed).isEqualTo(keyTexts.size());
        keysSeen += keys;
        assertThat(s.prints())
            .hasSize(texts.size() < ElementSamples.MIN_SAMPLE ? 0 : Math.min(texts.size(), 64))
            .isSorted();
      }
      assertThat(keysSeen).as("keys looked at, seed %d", seed).isGreaterThan(20);
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

  /** The name of the key an entry references, or null. */
  private static String keyName(HeapIndex index, int entry) throws IOException {
    Long address = index.findReferenceField(entry, "key");
    int key = address == null || address == 0 ? -1 : index.referencedObjectAt(entry, address);
    return key < 0 ? null : text(index, key, "name");
  }

  /** The text of the String that field {@code name} of {@code v} references, or null. */
  private static String text(HeapIndex index, int v, String name) throws IOException {
    Long address = index.findReferenceField(v, name);
    int s = address == null || address == 0 ? -1 : index.referencedObjectAt(v, address);
    return s < 0 ? null : index.readString(s, 100);
  }

  /**
   * Whether {@code v} is an entry of {@code point}'s own map: an {@code a.Entry} below it, with
   * only entries and arrays between them.
   */
  private static boolean ownEntry(HeapIndex index, DominatorTree tree, int point, int v) {
    if (v == point || !index.heapClass(index.classOf(v)).name().equals("a.Entry")) {
      return false;
    }
    for (int x = tree.immediateDominator(v); x >= 0; x = tree.immediateDominator(x)) {
      if (x == point) {
        return true;
      }
      String name = index.heapClass(index.classOf(x)).name();
      if (!name.equals("a.Entry") && !index.heapClass(index.classOf(x)).isArray()) {
        return false;
      }
    }
    return false;
  }
}
