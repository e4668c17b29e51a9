package io.leakscope.analysis.internal.inspections;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Sums for one holder, and its example (the finding or run that wastes most). */
final class HolderTotals {
  static final int TOP_HOLDERS = 5;

  long objects;
  long wasted;
  int best = -1;
  long bestRank;

  /** The {@link #TOP_HOLDERS} with most wasted bytes, then by name. */
  static List<Map.Entry<Integer, HolderTotals>> top(
      Map<Integer, HolderTotals> byHolder, long minObjects, WasteHolders holders) {
    List<Map.Entry<Integer, HolderTotals>> all = new ArrayList<>();
    for (Map.Entry<Integer, HolderTotals> e : byHolder.entrySet()) {
      if (e.getValue().objects >= minObjects) {
        all.add(e);
      }
    }
    all.sort(
        Comparator.comparingLong((Map.Entry<Integer, HolderTotals> e) -> e.getValue().wasted)
            .reversed()
            .thenComparing(e -> holders.name(e.getKey())));
    return all.subList(0, Math.min(TOP_HOLDERS, all.size()));
  }
}
