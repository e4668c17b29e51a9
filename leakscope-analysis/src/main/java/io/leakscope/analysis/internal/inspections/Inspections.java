package io.leakscope.analysis.internal.inspections;

import io.leakscope.analysis.internal.parallel.Forked;
import io.leakscope.analysis.report.Inspection;
import io.leakscope.heap.HeapIndex;
import io.leakscope.hprof.ProgressListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

/**
 * Memory waste that is not a leak: duplicate strings, empty and sparse collections, collections of
 * boxed numbers, each with the fields that hold most of it.
 *
 * <p>Design note. Everything per object lives in primitive arrays and bit sets; dump contents are
 * read through a {@link DumpWindow} that moves forward, in file order wherever the work allows it.
 * The inspections share an {@link InspectionContext} (the index, per-class facts, two windows and
 * progress) and run in three steps:
 *
 * <ol>
 *   <li>{@link DuplicateStrings}: reachable Strings keyed by the index's hash of their value
 *       arrays, the keys that repeat grouped into runs; on a second thread, beside
 *   <li>{@link CollectionWaste}: empty and sparse collections and boxed numbers in collections,
 *       judged from the graph and kept as {@link CollectionFindings};
 *   <li>{@link WasteHolders}: the field that holds each target of both, found by {@link
 *       ReferrerSearch} scans of the forward graph.
 * </ol>
 *
 * <p>Each inspection then sums its targets by holder ({@link HolderTotals}) and reports the top
 * {@value HolderTotals#TOP_HOLDERS}.
 *
 * <p>Memory: each of those classes gives its own, in bytes per object, String, target or finding.
 * At most three bit sets over all objects are alive at a time, and nothing per object is a Java
 * object. On the 30-million-object benchmark dump (3.4 million Strings) that is about 60 MB at the
 * peak, less than the 8 bytes per object the path search after it allocates.
 */
public final class Inspections {
  /** A holder of boxed numbers is reported from this many boxes on. */
  static final int BOXED_MIN_PER_HOLDER = 100;

  private Inspections() {}

  /**
   * Runs every inspection over the reachable objects.
   *
   * @param reachable which objects are reachable from GC roots; only those are inspected or count
   *     as holders
   * @return the inspections that found something, most wasted bytes first
   */
  public static List<Inspection> run(
      HeapIndex index, IntPredicate reachable, ProgressListener progress) throws IOException {
    return run(index, reachable, progress, -1L);
  }

  /**
   * As {@link #run(HeapIndex, IntPredicate, ProgressListener)}, with the content hash of string
   * value arrays ANDed with {@code hashMask}: a test hook to force collisions ({@code 0} makes
   * every array hash alike).
   */
  static List<Inspection> run(
      HeapIndex index, IntPredicate reachable, ProgressListener progress, long hashMask)
      throws IOException {
    try (InspectionContext cx = new InspectionContext(index, reachable, progress)) {
      // the String pass reads only the index: it runs beside the collection pass, which reads the
      // dump through the context's windows
      Forked<DuplicateStrings> strings =
          Forked.start("duplicate-strings", () -> DuplicateStrings.find(cx, hashMask));
      cx.step();
      CollectionWaste waste = CollectionWaste.find(cx);
      DuplicateStrings dups = strings.join();
      cx.step();
      WasteHolders holders = WasteHolders.find(cx, union(dups.members(), waste.targets()));
      List<Inspection> out = new ArrayList<>();
      addIfFound(out, dups.inspection(holders));
      addIfFound(out, waste.empty.inspection(holders, 0));
      addIfFound(out, waste.sparse.inspection(holders, 0));
      addIfFound(out, waste.boxed.inspection(holders, BOXED_MIN_PER_HOLDER));
      out.sort(Comparator.comparingLong(Inspection::wastedBytes).reversed());
      return out;
    }
  }

  private static void addIfFound(List<Inspection> out, Inspection i) {
    if (i != null && i.objects() > 0) {
      out.add(i);
    }
  }

  /** The ids in either array, sorted and distinct. */
  static int[] union(int[] a, int[] b) {
    int[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    Arrays.sort(all);
    int k = 0;
    for (int i = 0; i < all.length; i++) {
      if (k == 0 || all[k - 1] != all[i]) {
        all[k++] = all[i];
      }
    }
    return Arrays.copyOf(all, k);
  }

  /** {@code 532.0 KB}, {@code 1.4 GB}, {@code 12 bytes}. */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " bytes";
    }
    String[] units = {"KB", "MB", "GB", "TB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
