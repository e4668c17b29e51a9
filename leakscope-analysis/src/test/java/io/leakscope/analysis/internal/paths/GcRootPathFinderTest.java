package io.leakscope.analysis.internal.paths;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The path search that stops once it has reached its targets, against the search of the whole heap:
 * the same path to every target, on random heaps with statics, roots, cycles and objects that only
 * a root (not a static) reaches.
 */
class GcRootPathFinderTest {
  @TempDir Path dir;

  private Path randomDump(Random random) throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    List<ClassHandle> classes = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      classes.add(
          b.defineClass(
              "a.C" + c,
              b.objectClass(),
              FieldSpec.ref("x"),
              FieldSpec.ref("y"),
              FieldSpec.ref("z")));
    }
    List<Instance> objects = new ArrayList<>();
    int n = 300 + random.nextInt(1500);
    for (int i = 0; i < n; i++) {
      objects.add(b.instance(classes.get(random.nextInt(classes.size()))));
    }
    for (Instance o : objects) {
      for (String f : List.of("x", "y", "z")) {
        if (random.nextInt(10) < 4) {
          // mostly near neighbours, so that the heap is deep as well as wide
          int k =
              random.nextBoolean()
                  ? random.nextInt(n)
                  : Math.floorMod(objects.indexOf(o) + 1 + random.nextInt(5), n);
          o.set(f, objects.get(k).id());
        }
      }
    }
    for (int s = 0; s < 3; s++) {
      ClassHandle holder = classes.get(random.nextInt(classes.size()));
      holder.staticField(FieldSpec.ref("S" + s), objects.get(random.nextInt(objects.size())).id());
      b.stickyClass(holder);
    }
    for (int r = 0; r < 4; r++) {
      b.root(HprofTag.ROOT_JNI_GLOBAL, objects.get(random.nextInt(objects.size())).id());
    }
    Path p = dir.resolve("d" + System.nanoTime() + ".hprof");
    b.writeTo(p);
    return p;
  }

  /**
   * An object a static field of one of the test's classes holds: of the class object's references
   * (its superclass, its loader, its statics), one to an instance.
   */
  private static int staticReferent(HeapIndex index) {
    for (int c = 0; c < index.classCount(); c++) {
      int o = index.heapClass(c).objectId();
      if (!index.heapClass(c).name().startsWith("a.C") || o < 0) {
        continue;
      }
      for (long e = index.graph().firstEdge(o); e < index.graph().endEdge(o); e++) {
        int t = index.graph().target(e);
        if (index.representedClass(t) == null) {
          return t;
        }
      }
    }
    throw new AssertionError("no static field");
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void aSearchForTargetsGivesThemTheWholeSearchsPaths(long seed) throws IOException {
    Random random = new Random(seed);
    int stoppedEarly = 0;
    for (int round = 0; round < 8; round++) {
      try (HeapIndex index = HeapIndex.open(randomDump(random), ProgressListener.NONE)) {
        int n = index.objectCount();
        // the classes of one (as if of a leaked loader) do not seed the search in some rounds
        int notSeeded = random.nextBoolean() ? -1 : random.nextInt(index.classCount());
        java.util.function.IntPredicate seeds = c -> c != notSeeded;
        GcRootPathFinder whole =
            GcRootPathFinder.compute(index, v -> true, seeds, ProgressListener.NONE);
        int[] targets = new int[2 + random.nextInt(4)];
        for (int k = 1; k < targets.length; k++) {
          targets[k] = random.nextInt(n);
        }
        // and one that a static field holds: in some rounds the only one
        targets[0] = staticReferent(index);
        if (random.nextBoolean()) {
          targets = new int[] {targets[0]};
        }
        GcRootPathFinder some =
            GcRootPathFinder.compute(index, v -> true, seeds, targets, ProgressListener.NONE);
        assertThat(whole.describePath(targets[0]))
            .as("a static's referent, unless its class is not a seed")
            .satisfiesAnyOf(
                path -> assertThat(path.get(0)).startsWith("static a.C"),
                path -> assertThat(notSeeded).isNotNegative());
        for (int t : targets) {
          assertThat(some.pathTo(t)).as("path to %d", t).containsExactly(whole.pathTo(t));
          assertThat(some.describePath(t)).isEqualTo(whole.describePath(t));
        }
        int reachedWhole = 0;
        int reachedSome = 0;
        for (int v = 0; v < n; v++) {
          reachedWhole += whole.isReachable(v) ? 1 : 0;
          reachedSome += some.isReachable(v) ? 1 : 0;
        }
        assertThat(reachedSome).isLessThanOrEqualTo(reachedWhole);
        stoppedEarly += reachedSome < reachedWhole ? 1 : 0;
      }
    }
    assertThat(stoppedEarly).as("rounds where the search stopped before the end").isPositive();
  }

  /**
   * A static field that reaches a live thread through a lock's queue of waiters does not name what
   * the thread holds: the thread, a root of its own, does. Before, a Spring service's stuck task
   * threads named their executor's queue after the latch they waited on. A static that reaches a
   * thread through an object that owns it (a client's own I/O thread) does name it: the client's
   * pending calls, which its thread refers to, read from the client's field.
   */
  @org.junit.jupiter.api.Test
  void whatALiveThreadHoldsReadsFromTheThreadNotFromAStaticThatReachesIt() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    ClassHandle latch = b.defineClass("a.Latch", b.objectClass(), FieldSpec.ref("head"));
    ClassHandle node =
        b.defineClass(
            "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionNode",
            b.objectClass(),
            FieldSpec.ref("waiter"));
    ClassHandle worker = b.defineClass("a.Worker", b.objectClass(), FieldSpec.ref("queue"));
    long queue = b.instance(b.objectClass()).id();
    long work = b.instance(worker).set("queue", queue).id();
    // what the thread holds through one of its fields (here its thread-locals' slot)
    HeapDumpBuilder.ThreadHandle thread = b.thread("task-1").set("threadLocals", work);
    long waiting = b.instance(node).set("waiter", thread.id()).id();
    long gate = b.instance(latch).set("head", waiting).id();
    ClassHandle client = b.defineClass("a.Client", b.objectClass(), FieldSpec.ref("selector"));
    ClassHandle pending = b.defineClass("a.Pending", b.objectClass());
    long calls = b.instance(pending).id();
    HeapDumpBuilder.ThreadHandle selector = b.thread("client-selector").set("threadLocals", calls);
    long owner = b.instance(client).set("selector", selector.id()).id();
    ClassHandle app = b.defineClass("a.App", b.objectClass());
    app.staticField(FieldSpec.ref("GATE"), gate);
    app.staticField(FieldSpec.ref("CLIENT"), owner);
    b.stickyClass(app);
    Path p = dir.resolve("thread.hprof");
    b.writeTo(p);
    try (HeapIndex index = HeapIndex.open(p, ProgressListener.NONE)) {
      int[] ids = new int[4];
      for (int v = 0; v < index.objectCount(); v++) {
        String c = index.heapClass(index.classOf(v)).name();
        if (c.equals("a.Worker")) {
          ids[0] = v;
        } else if (c.equals("java.lang.Thread")
            && index.addresses(new int[] {v})[0] == thread.id()) {
          ids[1] = v;
        } else if (c.equals("a.Latch")) {
          ids[2] = v;
        } else if (c.equals("a.Pending")) {
          ids[3] = v;
        }
      }
      GcRootPathFinder paths = GcRootPathFinder.compute(index, v -> true, ProgressListener.NONE);
      assertThat(paths.describePath(ids[0])).as("the worker").noneMatch(s -> s.contains("GATE"));
      assertThat(paths.describePath(ids[0]).get(0)).startsWith("thread task-1");
      assertThat(paths.describePath(ids[1])).as("the thread").noneMatch(s -> s.contains("GATE"));
      assertThat(paths.describePath(ids[2]).get(0)).isEqualTo("static a.App.GATE");
      assertThat(paths.describePath(ids[3]).get(0))
          .as("what the client's own thread holds")
          .isEqualTo("static a.App.CLIENT");
    }
  }
}
