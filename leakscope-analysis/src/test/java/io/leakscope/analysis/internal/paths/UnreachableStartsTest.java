package io.leakscope.analysis.internal.paths;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.analysis.report.UnreachableStart;
import io.leakscope.heap.HeapIndex;
import io.leakscope.heap.ReferenceGraph;
import io.leakscope.hprof.HprofTag;
import io.leakscope.hprof.ProgressListener;
import io.leakscope.testing.hprof.HeapDumpBuilder;
import io.leakscope.testing.hprof.HeapDumpBuilder.ClassHandle;
import io.leakscope.testing.hprof.HeapDumpBuilder.FieldSpec;
import io.leakscope.testing.hprof.HeapDumpBuilder.Instance;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where unreachable objects hang from, against brute force on random heaps: each unreachable object
 * belongs to the first start (an unreachable object nothing references, in id order) from which a
 * walk over unreachable objects reaches it.
 */
class UnreachableStartsTest {
  @TempDir Path dir;

  private Path randomDump(Random random) throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    List<ClassHandle> classes = new ArrayList<>();
    for (int c = 0; c < 5; c++) {
      classes.add(
          b.defineClass("a.C" + c, b.objectClass(), FieldSpec.ref("x"), FieldSpec.ref("y")));
    }
    List<Instance> objects = new ArrayList<>();
    int n = 200 + random.nextInt(800);
    for (int i = 0; i < n; i++) {
      objects.add(b.instance(classes.get(random.nextInt(classes.size()))));
    }
    for (int i = 0; i < n; i++) {
      for (String f : List.of("x", "y")) {
        if (random.nextInt(10) < 3) {
          // mostly forward and near, so that there are chains, trees and a few cycles
          int k =
              random.nextInt(8) == 0
                  ? random.nextInt(n)
                  : Math.min(n - 1, i + 1 + random.nextInt(6));
          objects.get(i).set(f, objects.get(k).id());
        }
      }
    }
    for (int r = 0; r < 3; r++) {
      b.root(HprofTag.ROOT_JNI_GLOBAL, objects.get(random.nextInt(n)).id());
    }
    Path p = dir.resolve("d" + System.nanoTime() + ".hprof");
    b.writeTo(p);
    return p;
  }

  private static int[] successors(ReferenceGraph g, int v) {
    List<Integer> out = new ArrayList<>();
    for (long e = g.firstEdge(v); e < g.endEdge(v); e++) {
      out.add(g.target(e));
    }
    out.add(g.extraSuccessor(v));
    return out.stream().mapToInt(Integer::intValue).filter(t -> t >= 0).toArray();
  }

  private static BitSet reachable(HeapIndex index) {
    ReferenceGraph g = index.graph();
    BitSet seen = new BitSet(index.objectCount());
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int r : index.roots().distinctObjectIds()) {
      seen.set(r);
      queue.add(r);
    }
    while (!queue.isEmpty()) {
      for (int t : successors(g, queue.poll())) {
        if (!seen.get(t)) {
          seen.set(t);
          queue.add(t);
        }
      }
    }
    return seen;
  }

  /** Brute force: for each unreachable object, every start, in id order, until one reaches it. */
  private static List<UnreachableStart> bruteForce(HeapIndex index, BitSet reachable) {
    int n = index.objectCount();
    ReferenceGraph g = index.graph();
    BitSet referenced = new BitSet(n);
    for (int v = 0; v < n; v++) {
      if (!reachable.get(v)) {
        for (int t : successors(g, v)) {
          if (t != v) {
            referenced.set(t);
          }
        }
      }
    }
    Map<String, long[]> groups = new LinkedHashMap<>();
    for (int s = 0; s < n; s++) {
      if (!reachable.get(s) && !referenced.get(s)) {
        groups.computeIfAbsent(index.heapClass(index.classOf(s)).name(), k -> new long[3])[0]++;
      }
    }
    for (int o = 0; o < n; o++) {
      if (reachable.get(o)) {
        continue;
      }
      for (int s = 0; s < n; s++) {
        if (reachable.get(s) || referenced.get(s)) {
          continue;
        }
        BitSet seen = new BitSet(n);
        ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(s));
        seen.set(s);
        while (!queue.isEmpty() && !seen.get(o)) {
          for (int t : successors(g, queue.poll())) {
            if (!reachable.get(t) && !seen.get(t)) {
              seen.set(t);
              queue.add(t);
            }
          }
        }
        if (seen.get(o)) {
          long[] group = groups.get(index.heapClass(index.classOf(s)).name());
          group[1]++;
          group[2] += index.shallowSize(o);
          break;
        }
      }
    }
    List<UnreachableStart> out = new ArrayList<>();
    // no references in these heaps: no start is a referent
    groups.forEach((name, g2) -> out.add(new UnreachableStart(name, g2[0], g2[1], g2[2], 0L, 0L)));
    out.sort(
        Comparator.comparingLong(UnreachableStart::bytes)
            .reversed()
            .thenComparing(UnreachableStart::className));
    return out;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void eachUnreachableObjectCountsUnderTheFirstStartThatReachesIt(long seed) throws IOException {
    Random random = new Random(seed);
    try (HeapIndex index = HeapIndex.open(randomDump(random), ProgressListener.NONE)) {
      BitSet reachable = reachable(index);
      List<UnreachableStart> expected = bruteForce(index, reachable);
      assertThat(expected).isNotEmpty();
      assertThat(UnreachableStarts.find(index, reachable, 100)).isEqualTo(expected);
      assertThat(UnreachableStarts.find(index, reachable, 2))
          .isEqualTo(expected.subList(0, Math.min(2, expected.size())));
    }
  }

  /**
   * The graph leaves out {@code Reference.referent}: an object only a soft reference refers to is a
   * start, counted as softly referenced; one a weak reference refers to, as weakly; one both refer
   * to, as softly; one nothing refers to, as neither.
   */
  @Test
  void startsThatReferencesReferToAreCountedByTheReferencesKind() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    ClassHandle cached = b.defineClass("a.Cached", b.objectClass(), FieldSpec.ref("payload"));
    ClassHandle lost = b.defineClass("a.Lost", b.objectClass(), FieldSpec.ref("payload"));
    ClassHandle holder = b.defineClass("a.Holder", b.objectClass(), FieldSpec.ref("refs"));
    List<Long> references = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Instance value = b.instance(cached, b.primitiveArray(new byte[100]).id());
      Instance soft = b.instance(b.softReferenceClass());
      soft.set(b.referenceClass(), "referent", value.id());
      references.add(soft.id());
      if (i < 2) { // also weakly referenced
        Instance weak = b.instance(b.weakReferenceClass());
        weak.set(b.referenceClass(), "referent", value.id());
        references.add(weak.id());
      }
    }
    for (int i = 0; i < 3; i++) {
      Instance value = b.instance(cached);
      Instance weak = b.instance(b.weakReferenceClass());
      weak.set(b.referenceClass(), "referent", value.id());
      references.add(weak.id());
    }
    b.instance(lost, b.primitiveArray(new byte[10_000]).id());
    HeapDumpBuilder.ArrayObject array =
        b.objectArray(b.objectClass(), references.stream().mapToLong(Long::longValue).toArray());
    holder.staticField(FieldSpec.ref("REFS"), array.id());
    b.stickyClass(holder);
    b.stickyClass(cached);
    b.stickyClass(lost);
    Path p = dir.resolve("refs.hprof");
    b.writeTo(p);
    try (HeapIndex index = HeapIndex.open(p, ProgressListener.NONE)) {
      BitSet reachable = reachable(index);
      List<UnreachableStart> found = UnreachableStarts.find(index, reachable, 5);
      assertThat(found)
          .extracting(
              UnreachableStart::className,
              UnreachableStart::starts,
              UnreachableStart::softlyReferenced,
              UnreachableStart::weaklyReferenced)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("a.Lost", 1L, 0L, 0L),
              org.assertj.core.groups.Tuple.tuple("a.Cached", 8L, 5L, 3L));
      assertThat(found.get(1).objects()).isEqualTo(13); // 8 values, 5 payloads
    }
  }

  @Test
  void aHeapWhoseObjectsAreAllReachableHasNoStarts() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    ClassHandle c = b.defineClass("a.Node", b.objectClass(), FieldSpec.ref("next"));
    Instance tail = b.instance(c);
    Instance head = b.instance(c, tail.id());
    b.root(HprofTag.ROOT_JNI_GLOBAL, head.id());
    b.stickyClass(c);
    Path p = dir.resolve("all.hprof");
    b.writeTo(p);
    try (HeapIndex index = HeapIndex.open(p, ProgressListener.NONE)) {
      BitSet reachable = reachable(index);
      assertThat(reachable.cardinality()).isEqualTo(index.objectCount());
      assertThat(UnreachableStarts.find(index, reachable, 5)).isEmpty();
    }
  }
}
