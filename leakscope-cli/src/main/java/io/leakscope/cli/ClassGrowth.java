package io.leakscope.cli;

import io.leakscope.watchdog.ClassHistogram;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The classes that grow between class histograms of one JVM: each histogram is compared with the
 * first one seen and with the one before it.
 *
 * <p>Rows of the same class name (one class defined by several loaders) are summed, and names are
 * shown in Java-source form ({@code [B} as {@code byte[]}). Memory: one map entry per class name
 * for the first and for the previous histogram, a few thousand entries for a typical service. Not
 * thread-safe.
 */
final class ClassGrowth {
  /** Instances and shallow bytes of one class. */
  record Totals(long instances, long bytes) {
    static final Totals NONE = new Totals(0, 0);

    Totals plus(Totals other) {
      return new Totals(instances + other.instances, bytes + other.bytes);
    }
  }

  /**
   * How one class changed.
   *
   * @param className in Java-source form
   * @param instancesSinceFirst instances gained since the first histogram (negative: lost)
   * @param bytesSinceFirst shallow bytes gained since the first histogram
   * @param bytesSincePrevious shallow bytes gained since the previous histogram
   */
  record Change(
      String className, long instancesSinceFirst, long bytesSinceFirst, long bytesSincePrevious) {}

  private Map<String, Totals> first;
  private Map<String, Totals> previous;
  private Map<String, Totals> latest;

  /** Adds the next histogram, as {@code GC.class_histogram} prints it. */
  void add(String histogramText) {
    Map<String, Totals> totals = new HashMap<>();
    for (ClassHistogram.Row row : ClassHistogram.parse(histogramText)) {
      totals.merge(row.className(), new Totals(row.instances(), row.bytes()), Totals::plus);
    }
    if (first == null) {
      first = totals;
    }
    previous = latest == null ? totals : latest;
    latest = totals;
  }

  /** Whether two or more histograms were added: growth needs two. */
  boolean hasGrowth() {
    return first != null && latest != first;
  }

  /**
   * The {@code limit} classes that gained the most shallow bytes since the first histogram, most
   * first (ties by name); only classes that gained bytes.
   */
  List<Change> topGrowing(int limit) {
    if (!hasGrowth()) {
      return List.of();
    }
    List<Change> changes = new ArrayList<>();
    for (Map.Entry<String, Totals> e : latest.entrySet()) {
      Totals now = e.getValue();
      Totals then = first.getOrDefault(e.getKey(), Totals.NONE);
      long gained = now.bytes() - then.bytes();
      if (gained > 0) {
        Totals before = previous.getOrDefault(e.getKey(), Totals.NONE);
        changes.add(
            new Change(
                e.getKey(),
                now.instances() - then.instances(),
                gained,
                now.bytes() - before.bytes()));
      }
    }
    changes.sort(
        Comparator.comparingLong(Change::bytesSinceFirst)
            .reversed()
            .thenComparing(Change::className));
    return changes.subList(0, Math.min(limit, changes.size()));
  }
}
