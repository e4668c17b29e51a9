package io.leakscope.benchmarks;

import java.io.File;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import shark.CloseableHeapGraph;
import shark.HeapGraph;
import shark.HeapObject;
import shark.HprofHeapGraph;
import shark.HprofIndex;
import shark.internal.ObjectDominators;

/**
 * Runs Shark (LeakCanary's heap analyzer, {@code com.squareup.leakcanary:shark} 2.x) over a dump:
 *
 * <ol>
 *   <li>open the HPROF as a {@code HeapGraph} (Shark indexes the file; objects are then read from
 *       it lazily);
 *   <li>a class histogram: iterate every object, count instances and sum Shark's byte sizes per
 *       class (Shark's sizes are the HPROF record's field or element bytes, without object headers
 *       or alignment);
 *   <li>a dominator tree over the whole heap with retained size and count of every reachable object
 *       ({@code shark.internal.ObjectDominators}, the code behind {@code shark-cli dump-process
 *       --dominators}), then the 20 biggest objects by retained size.
 * </ol>
 *
 * <p>Shark's public API only renders the dominator tree as text, so step 3 calls its private {@code
 * buildDominatorTree} by reflection to get the map of nodes without rendering millions of lines.
 * Caveats on what Shark computes there: its dominators are found during one breadth-first walk from
 * the GC roots (an object reached on a second path gets the lowest common dominator of both parents
 * seen so far), which is not the exact Lengauer–Tarjan result on every graph; retained sizes are
 * 32-bit {@code Int}s and overflow past 2 GiB; the result is a {@code Map<Long, DominatorNode>}
 * with one boxed entry per reachable object.
 *
 * <p>Usage: {@code SharkRunner DUMP.hprof}; prints one {@link RunResult} line with {@code
 * tool=shark}.
 */
public final class SharkRunner {

  private SharkRunner() {}

  /**
   * Entry point of the child JVM.
   *
   * @param args the dump path
   */
  public static void main(String[] args) {
    MeasuredRun.main("shark", args, SharkRunner::analyze);
  }

  private static String analyze(File dump, Map<String, Object> extra) throws Exception {
    long start = System.nanoTime();
    try (CloseableHeapGraph graph =
        HprofHeapGraph.Companion.openHeapGraph(
            dump, null, HprofIndex.Companion.defaultIndexedGcRootTags())) {
      long indexMillis = millisSince(start);

      start = System.nanoTime();
      ClassCounts histogram = new ClassCounts();
      long objects = 0;
      Iterator<HeapObject> it = graph.getObjects().iterator();
      while (it.hasNext()) {
        HeapObject object = it.next();
        if (object instanceof HeapObject.HeapInstance instance) {
          histogram.add(instance.getInstanceClassId(), instance.getByteSize());
        } else if (object instanceof HeapObject.HeapObjectArray array) {
          histogram.add(array.getArrayClassId(), array.getByteSize());
        } else if (object instanceof HeapObject.HeapPrimitiveArray array) {
          // Primitive array classes have no class object in the graph; key them by type.
          histogram.add(-1 - array.getPrimitiveType().ordinal(), array.getByteSize());
        } else {
          continue; // a class object, counted by graph.getClassCount()
        }
        objects++;
      }
      long histogramMillis = millisSince(start);

      start = System.nanoTime();
      Map<Long, ?> tree = buildDominatorTree(graph);
      List<long[]> biggest = biggestByRetainedSize(tree, NetBeansRunner.BIGGEST);
      long dominatorMillis = millisSince(start);
      for (long[] entry : biggest.subList(0, Math.min(5, biggest.size()))) {
        HeapObject object = graph.findObjectById(entry[0]);
        System.out.printf(
            "  shark biggest: %s#%d retained=%d%n", className(object), entry[0], entry[1]);
      }

      extra.put("objects", objects);
      extra.put("classes", graph.getClassCount());
      extra.put("histogramClasses", histogram.size());
      extra.put("shallowBytes", histogram.totalBytes());
      extra.put("indexMillis", indexMillis);
      extra.put("histogramMillis", histogramMillis);
      extra.put("dominatorMillis", dominatorMillis);
      extra.put("dominatorNodes", tree.size());
      extra.put("topRetainedBytes", biggest.isEmpty() ? 0 : biggest.get(0)[1]);
      return "ok";
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<Long, ?> buildDominatorTree(HeapGraph graph) throws Exception {
    Method build =
        ObjectDominators.class.getDeclaredMethod("buildDominatorTree", HeapGraph.class, List.class);
    build.setAccessible(true);
    return (Map<Long, ?>) build.invoke(new ObjectDominators(), graph, List.of());
  }

  /** Top {@code n} (objectId, retainedSize) pairs; key 0 is Shark's virtual root and is skipped. */
  private static List<long[]> biggestByRetainedSize(Map<Long, ?> tree, int n) {
    List<long[]> top = new ArrayList<>();
    for (Map.Entry<Long, ?> entry : tree.entrySet()) {
      if (entry.getKey() == 0L) {
        continue;
      }
      long retained =
          ((ObjectDominators.DominatorNode) entry.getValue()).getRetainedSize() & 0xFFFFFFFFL;
      if (top.size() < n || retained > top.get(top.size() - 1)[1]) {
        top.add(new long[] {entry.getKey(), retained});
        top.sort((a, b) -> Long.compare(b[1], a[1]));
        if (top.size() > n) {
          top.remove(top.size() - 1);
        }
      }
    }
    return top;
  }

  private static String className(HeapObject object) {
    if (object instanceof HeapObject.HeapInstance instance) {
      return instance.getInstanceClassName();
    } else if (object instanceof HeapObject.HeapObjectArray array) {
      return array.getArrayClassName();
    } else if (object instanceof HeapObject.HeapPrimitiveArray array) {
      return array.getArrayClassName();
    }
    return "class " + ((HeapObject.HeapClass) object).getName();
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  /**
   * Instance count and bytes per class id, in open-addressing arrays so the runner adds no boxing
   * of its own to Shark's per-object cost. A few thousand classes: a few hundred KB at most.
   */
  private static final class ClassCounts {
    private long[] keys = new long[4096];
    private long[] counts = new long[4096];
    private long[] bytes = new long[4096];
    private boolean[] used = new boolean[4096];
    private int size;

    void add(long classId, long byteSize) {
      if (size * 2 >= keys.length) {
        grow();
      }
      int slot = slotOf(classId);
      if (!used[slot]) {
        used[slot] = true;
        keys[slot] = classId;
        size++;
      }
      counts[slot]++;
      bytes[slot] += byteSize;
    }

    private int slotOf(long key) {
      int mask = keys.length - 1;
      int slot = Long.hashCode(key * 0x9E3779B97F4A7C15L) & mask;
      while (used[slot] && keys[slot] != key) {
        slot = (slot + 1) & mask;
      }
      return slot;
    }

    private void grow() {
      long[] oldKeys = keys;
      long[] oldCounts = counts;
      long[] oldBytes = bytes;
      boolean[] oldUsed = used;
      int capacity = oldKeys.length * 2;
      keys = new long[capacity];
      counts = new long[capacity];
      bytes = new long[capacity];
      used = new boolean[capacity];
      for (int i = 0; i < oldKeys.length; i++) {
        if (oldUsed[i]) {
          int slot = slotOf(oldKeys[i]);
          used[slot] = true;
          keys[slot] = oldKeys[i];
          counts[slot] = oldCounts[i];
          bytes[slot] = oldBytes[i];
        }
      }
    }

    int size() {
      return size;
    }

    long totalBytes() {
      long total = 0;
      for (int i = 0; i < keys.length; i++) {
        total += bytes[i];
      }
      return total;
    }
  }
}
