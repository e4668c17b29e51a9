package io.leakscope.analysis.internal.dominators;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.analysis.AnalysisOptions;
import io.leakscope.analysis.HeapAnalyzer;
import io.leakscope.analysis.report.AnalysisReport;
import io.leakscope.analysis.report.DominatorNode;
import io.leakscope.hprof.HprofTag;
import io.leakscope.hprof.ProgressListener;
import io.leakscope.testing.hprof.HeapDumpBuilder;
import io.leakscope.testing.hprof.HeapDumpBuilder.ClassHandle;
import io.leakscope.testing.hprof.HeapDumpBuilder.FieldSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DominatorTreeSummaryTest {
  @TempDir Path dir;

  /**
   * A random DAG: each object points at up to three earlier objects, so objects are shared and
   * dominated at every depth; a few objects are roots.
   */
  /** The class of each object written, by its id (its address in the dump). */
  private final java.util.Map<Long, String> written = new java.util.HashMap<>();

  private AnalysisReport randomHeap(long seed) throws IOException {
    Random random = new Random(seed);
    HeapDumpBuilder b = HeapDumpBuilder.create().shuffleObjects(seed);
    ClassHandle node =
        b.defineClass(
            "a.Node", b.objectClass(), FieldSpec.ref("x"), FieldSpec.ref("y"), FieldSpec.ref("z"));
    b.stickyClass(node);
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      Object[] refs = new Object[3];
      for (int f = 0; f < 3; f++) {
        refs[f] =
            ids.isEmpty() || random.nextInt(3) == 0 ? 0L : ids.get(random.nextInt(ids.size()));
      }
      boolean array = random.nextInt(4) == 0;
      long id =
          array
              ? b.primitiveArray(new byte[random.nextInt(400)]).id()
              : b.instance(node, refs).id();
      written.put(id, array ? "byte[]" : "a.Node");
      ids.add(id);
      if (random.nextInt(40) == 0) {
        b.root(HprofTag.ROOT_JNI_GLOBAL, id);
      }
    }
    b.root(HprofTag.ROOT_JNI_GLOBAL, ids.get(ids.size() - 1));
    Path p = dir.resolve("random-" + seed + ".hprof");
    b.writeTo(p);
    return HeapAnalyzer.analyze(p, new AnalysisOptions(10), ProgressListener.NONE);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void everyNodeAccountsForItsRetainedSizeAndChildrenAreLargestFirst(long seed) throws IOException {
    AnalysisReport r = randomHeap(seed);
    assertThat(r.dominatorTree()).isNotEmpty();
    // the object retaining most is always a top-level node, so both lists start with it
    assertThat(r.dominatorTree().get(0).retainedBytes())
        .isEqualTo(r.dominators().get(0).retainedBytes());
    int[] nodes = {0};
    for (DominatorNode top : r.dominatorTree()) {
      check(top, nodes);
    }
    // each node's address is that of an object written with its class (read from the dump for
    // all the nodes at once, in file order, while the dump is shuffled)
    List<DominatorNode> all = new ArrayList<>();
    flatten(r.dominatorTree(), all);
    int instances = 0;
    for (DominatorNode n : all) {
      if (!n.className().equals("java.lang.Class")) {
        assertThat(written.get(Long.parseLong(n.objectId().substring(2), 16)))
            .as("node %s", n.objectId())
            .isEqualTo(n.className());
        instances++;
      }
    }
    assertThat(instances).isGreaterThan(10);
    assertThat(nodes[0]).isLessThanOrEqualTo(DominatorTreeSummary.MAX_NODES);
  }

  private static void flatten(List<DominatorNode> nodes, List<DominatorNode> into) {
    for (DominatorNode n : nodes) {
      into.add(n);
      flatten(n.children(), into);
    }
  }

  private static void check(DominatorNode n, int[] nodes) {
    nodes[0]++;
    // a class object says which class it stands for
    assertThat(n.representedClass() != null).isEqualTo(n.className().equals("java.lang.Class"));
    long children = 0;
    long previous = Long.MAX_VALUE;
    for (DominatorNode c : n.children()) {
      assertThat(c.retainedBytes()).isLessThanOrEqualTo(previous);
      previous = c.retainedBytes();
      children += c.retainedBytes();
      check(c, nodes);
    }
    assertThat(n.moreChildren()).isGreaterThanOrEqualTo(0);
    assertThat(n.moreRetainedBytes() == 0 || n.moreChildren() > 0).isTrue();
    // retained = own size + what the immediately dominated objects retain, kept or left out
    assertThat(n.shallowBytes() + children + n.moreRetainedBytes())
        .as("node %s", n.objectId())
        .isEqualTo(n.retainedBytes());
  }

  /**
   * A slot keeps what sorting every child offered keeps: the {@code limit} biggest, of equal ones
   * the lowest ids, with the count and sum of all; on random sizes with many ties, offered in any
   * order.
   */
  @org.junit.jupiter.api.Test
  void aSlotKeepsTheBiggestChildrenAsSortingAllOfThemWould() {
    Random random = new Random(7);
    for (int round = 0; round < 2000; round++) {
      int limit = random.nextInt(30);
      int offered = random.nextInt(200);
      int spread = 1 + random.nextInt(random.nextBoolean() ? 5 : 1_000_000);
      DominatorTreeSummary.Slot slot = new DominatorTreeSummary.Slot(limit, 0);
      List<long[]> all = new ArrayList<>();
      List<Integer> order = new ArrayList<>();
      for (int id = 0; id < offered; id++) {
        order.add(id);
      }
      if (random.nextBoolean()) {
        java.util.Collections.shuffle(order, random);
      }
      long sum = 0;
      for (int id : order) {
        long bytes = random.nextInt(spread);
        slot.offer(id, bytes);
        all.add(new long[] {bytes, id});
        sum += bytes;
      }
      all.sort((a, b) -> a[0] != b[0] ? Long.compare(b[0], a[0]) : Long.compare(a[1], b[1]));
      long[][] expected = all.subList(0, Math.min(limit, offered)).toArray(new long[0][]);

      assertThat(slot.largestFirst()).as("round %d", round).isDeepEqualTo(expected);
      assertThat(slot.count).isEqualTo(offered);
      assertThat(slot.sum).isEqualTo(sum);
    }
  }
}
