package io.leakscope.analysis.internal.inspections;

import io.leakscope.analysis.report.Inspection;
import io.leakscope.analysis.report.InspectionHolder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Wasteful collections of one kind: target, objects, wasted bytes and two details each, summed by
 * holder into an {@link Inspection}.
 *
 * <p>Memory, in bytes: per finding 28 (target and two details 4 each, objects and wasted 8 each),
 * up to twice that while the arrays grow.
 */
final class CollectionFindings {
  private final String kind;
  private final InspectionContext cx;
  private final IntList target = new IntList();
  private final IntList detailA = new IntList();
  private final IntList detailB = new IntList();
  private long[] objects = new long[16];
  private long[] wasted = new long[16];

  CollectionFindings(String kind, InspectionContext cx) {
    this.kind = kind;
    this.cx = cx;
  }

  void add(int id, long objectCount, long bytes, int a, int b) {
    int k = target.size();
    if (k == objects.length) {
      objects = Arrays.copyOf(objects, 2 * k);
      wasted = Arrays.copyOf(wasted, 2 * k);
    }
    target.add(id);
    objects[k] = objectCount;
    wasted[k] = bytes;
    detailA.add(a);
    detailB.add(b);
  }

  int[] targets() {
    int[] t = target.toArray();
    Arrays.sort(t);
    return t;
  }

  /** Totals by holder; holders with fewer than {@code minObjects} objects are left out entirely. */
  Inspection inspection(WasteHolders holders, long minObjects) {
    Map<Integer, HolderTotals> byHolder = new HashMap<>();
    for (int k = 0; k < target.size(); k++) {
      HolderTotals t =
          byHolder.computeIfAbsent(holders.nameIndex(target.get(k)), h -> new HolderTotals());
      t.objects += objects[k];
      t.wasted += wasted[k];
      if (t.best < 0 || wasted[k] > t.bestRank) {
        t.best = k;
        t.bestRank = wasted[k];
      }
    }
    byHolder.values().removeIf(t -> t.objects < minObjects);
    long totalObjects = 0;
    long totalWasted = 0;
    for (HolderTotals t : byHolder.values()) {
      totalObjects += t.objects;
      totalWasted += t.wasted;
    }
    List<InspectionHolder> out = new ArrayList<>();
    for (Map.Entry<Integer, HolderTotals> e : HolderTotals.top(byHolder, minObjects, holders)) {
      HolderTotals t = e.getValue();
      out.add(new InspectionHolder(holders.name(e.getKey()), t.objects, t.wasted, example(t.best)));
    }
    return new Inspection(kind, title(totalObjects, totalWasted), totalObjects, totalWasted, out);
  }

  private String example(int k) {
    String cls = cx.classOfObject(target.get(k)).name();
    switch (kind) {
      case "empty-collections":
        return cls + ", capacity " + detailA.get(k);
      case "sparse-collections":
        return String.format(
            Locale.ROOT, "%s, %,d of %,d slots used", cls, detailB.get(k), detailA.get(k));
      default:
        String box = detailB.get(k) < 0 ? "?" : cx.index.heapClass(detailB.get(k)).name();
        return String.format(Locale.ROOT, "%s of %,d %s", cls, detailA.get(k), box);
    }
  }

  private String title(long objectCount, long bytes) {
    String format =
        switch (kind) {
          case "empty-collections" -> "%,d empty collections with an allocated array waste %s";
          case "sparse-collections" ->
              "%,d collections with less than a quarter of their slots used waste %s";
          default -> "%,d boxed numbers in collections waste %s against primitive arrays";
        };
    return String.format(Locale.ROOT, format, objectCount, Inspections.bytes(bytes));
  }
}
