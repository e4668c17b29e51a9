package io.leakscope.analysis.internal.paths;

import io.leakscope.analysis.report.UnreachableStart;
import io.leakscope.heap.HeapIndex;
import io.leakscope.heap.ReferenceGraph;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the unreachable objects of a dump hang from: the objects no strong reference in the dump
 * refers to (the starts), grouped by class, with the unreachable objects each group reaches, and
 * how many of the starts a soft or a weak reference refers to.
 *
 * <p>Why: in a dump of live objects every object is alive, and the unreachable ones are held by
 * what the graph leaves out: soft and weak references (a cache the collector may clear), and what
 * HotSpot does not write, above all the fields of class objects (a class's {@code ClassValue} map,
 * its reflection data and annotations). A Groovy program's call-site caches (softly referenced) and
 * metaclasses (in its classes' {@code ClassValue} maps) were two thirds of its heap, reported as
 * "unreachable" with nothing more said.
 *
 * <p>Design note. Two scans of the unreachable objects' references, nothing for the reachable ones:
 * the first marks every object an unreachable one references (a bit per object), the second walks
 * from each start, in the dump's order, to the unreachable objects not walked yet (a second bit per
 * object, a stack of at most the unreachable objects' count and the starts, 4 bytes each). An
 * object reached from starts of several classes counts in the first. Objects only in cycles of
 * unreachable objects, which no start reaches, are in no group. Then the referents of every {@code
 * Reference} in the dump are read in file order (8 bytes each, sorted) and the addresses of the
 * shown groups' starts looked up among them (8 bytes each), up to {@value #MAX_CHECKED_STARTS}
 * starts: past that (a dump of all objects, full of garbage) they are not counted.
 */
public final class UnreachableStarts {
  private UnreachableStarts() {}

  /** The most starts whose referrers through {@code referent} are counted (48 MB at most). */
  static final int MAX_CHECKED_STARTS = 4_000_000;

  /**
   * The groups of starts that reach the most bytes, biggest first.
   *
   * @param reachable a bit per object, set for the reachable ones
   * @param limit how many groups at most
   */
  public static List<UnreachableStart> find(HeapIndex index, BitSet reachable, int limit)
      throws IOException {
    int n = index.objectCount();
    if (reachable.nextClearBit(0) >= n) {
      return List.of();
    }
    ReferenceGraph graph = index.graph();
    BitSet referenced = new BitSet(n);
    for (int v = reachable.nextClearBit(0); v < n; v = reachable.nextClearBit(v + 1)) {
      for (long e = graph.firstEdge(v), end = graph.endEdge(v); e < end; e++) {
        int t = graph.target(e);
        if (t >= 0 && t != v) {
          referenced.set(t);
        }
      }
      int k = graph.extraSuccessor(v);
      if (k >= 0) {
        referenced.set(k);
      }
    }
    Map<Integer, long[]> byClass = new LinkedHashMap<>(); // class -> starts, objects, bytes
    BitSet walked = new BitSet(n);
    int[] stack = new int[1024];
    int[] starts = new int[1024];
    int startCount = 0;
    for (int v = reachable.nextClearBit(0); v < n; v = reachable.nextClearBit(v + 1)) {
      if (referenced.get(v)) {
        continue;
      }
      long[] group = byClass.computeIfAbsent(index.classOf(v), c -> new long[3]);
      group[0]++;
      if (startCount == starts.length) {
        starts = Arrays.copyOf(starts, starts.length * 2);
      }
      starts[startCount++] = v;
      int size = 0;
      stack[size++] = v;
      walked.set(v);
      while (size > 0) {
        int u = stack[--size];
        group[1]++;
        group[2] += index.shallowSize(u);
        for (long e = graph.firstEdge(u), end = graph.endEdge(u); e <= end; e++) {
          int t = e < end ? graph.target(e) : graph.extraSuccessor(u);
          if (t >= 0 && !reachable.get(t) && !walked.get(t)) {
            walked.set(t);
            if (size == stack.length) {
              stack = Arrays.copyOf(stack, stack.length * 2);
            }
            stack[size++] = t;
          }
        }
      }
    }
    stack = null;
    referenced = null;
    walked = null;
    // classes of one name in several loaders are one group, as in the histogram
    Map<String, long[]> byName = new LinkedHashMap<>();
    byClass.forEach(
        (c, g) -> {
          long[] named =
              byName.computeIfAbsent(index.heapClass(c).name(), name -> new long[g.length]);
          for (int i = 0; i < g.length; i++) {
            named[i] += g[i];
          }
        });
    List<String> shown = new ArrayList<>(byName.keySet());
    shown.sort(
        Comparator.comparingLong((String name) -> byName.get(name)[2])
            .reversed()
            .thenComparing(name -> name));
    shown = shown.subList(0, Math.min(limit, shown.size()));
    Map<String, long[]> referents = referentsOfStarts(index, starts, startCount, shown);
    List<UnreachableStart> groups = new ArrayList<>();
    for (String name : shown) {
      long[] g = byName.get(name);
      long[] r = referents == null ? null : referents.getOrDefault(name, new long[2]);
      groups.add(
          new UnreachableStart(
              name, g[0], g[1], g[2], r == null ? null : r[0], r == null ? null : r[1]));
    }
    return List.copyOf(groups);
  }

  /**
   * For each shown class name, how many of its starts a soft reference refers to, and how many a
   * weak, phantom or finalizer reference (and no soft one); null when there are too many starts.
   */
  private static Map<String, long[]> referentsOfStarts(
      HeapIndex index, int[] starts, int startCount, List<String> shown) throws IOException {
    int classes = index.classCount();
    boolean[] shownClass = new boolean[classes];
    for (int c = 0; c < classes; c++) {
      shownClass[c] = shown.contains(index.heapClass(c).name());
    }
    boolean[] soft = index.subclassesOf("java.lang.ref.SoftReference");
    boolean[] reference = index.subclassesOf("java.lang.ref.Reference");
    int checked = 0;
    for (int k = 0; k < startCount; k++) {
      if (shownClass[index.classOf(starts[k])]) {
        starts[checked++] = starts[k];
      }
    }
    if (checked > MAX_CHECKED_STARTS) {
      return null;
    }
    long[] startAddresses = index.addresses(Arrays.copyOf(starts, checked));
    // the referents of every soft reference, and of every other one, sorted
    int[] softs = new int[1024];
    int[] weaks = new int[1024];
    int softCount = 0;
    int weakCount = 0;
    for (int v = 0, n = index.objectCount(); v < n; v++) {
      int c = index.classOf(v);
      if (soft[c]) {
        softs = grow(softs, softCount);
        softs[softCount++] = v;
      } else if (reference[c]) {
        weaks = grow(weaks, weakCount);
        weaks[weakCount++] = v;
      }
    }
    long[] softReferents = sortedReferents(index, Arrays.copyOf(softs, softCount));
    long[] weakReferents = sortedReferents(index, Arrays.copyOf(weaks, weakCount));
    Map<String, long[]> out = new HashMap<>();
    for (int k = 0; k < checked; k++) {
      long address = startAddresses[k];
      long[] counts =
          out.computeIfAbsent(index.heapClass(index.classOf(starts[k])).name(), x -> new long[2]);
      if (Arrays.binarySearch(softReferents, address) >= 0) {
        counts[0]++;
      } else if (Arrays.binarySearch(weakReferents, address) >= 0) {
        counts[1]++;
      }
    }
    return out;
  }

  private static int[] grow(int[] array, int size) {
    return size == array.length ? Arrays.copyOf(array, array.length * 2) : array;
  }

  private static long[] sortedReferents(HeapIndex index, int[] references) throws IOException {
    long[] referents = index.referents(references);
    Arrays.sort(referents);
    return referents;
  }
}
