package io.leakscope.analysis.report;

import java.util.Locale;

/**
 * The bound of a bounded structure whose entries are a suspect's elements: a cache built with a
 * maximum size or weight. It tells a cache that fills toward its bound (not a leak, however it
 * grows while it warms) from one that has no bound, and what the holder will take once full.
 *
 * @param structure what it is, for a person: {@code "Caffeine cache"}, {@code "Guava cache"}
 * @param weighed true when the bound is a total weight (a weigher's), false when it counts entries
 * @param limit the bound: entries, or weight
 * @param size what it holds now, in the same unit (what counts toward the bound)
 * @param entries how many entries it holds, whatever they weigh
 * @param heapLimit the dumped JVM's maximum heap in bytes, 0 when the dump does not say
 */
public record Bound(
    String structure, boolean weighed, long limit, long size, long entries, long heapLimit) {

  /** Share of its bound at which a structure counts as full. */
  static final double FULL = 0.95;

  /** Whether it holds (nearly) as much as its bound allows. */
  public boolean full() {
    return size >= FULL * limit;
  }

  /**
   * Whether the bound limits what it holds: every entry counts toward it. Entries that weigh
   * nothing are never evicted: the loads in flight of a Caffeine async cache (a future not yet
   * complete), or what a weigher gives 0. A cache bounded by entries whose entries outnumber what
   * counts has such entries; one bounded by weight whose entries weigh nothing in all, too.
   */
  public boolean limits() {
    return weighed ? size > 0 || entries == 0 : entries <= 1.05 * size + 16;
  }

  /**
   * Whether the bound is the largest value of its type: a default that stands for no bound at all
   * ({@code Integer.MAX_VALUE} entries of an LRU map whose bound was never set).
   */
  public boolean none() {
    return limit >= Integer.MAX_VALUE;
  }

  /**
   * Whether it fills toward a bound that holds it, and that fits the heap: a real bound (not {@link
   * #none}), not full yet, every entry counting, and what it would retain at the bound ({@link
   * #atBound}) at most half the heap limit; for a bound by weight, whose bytes per unit may change,
   * only when the heap limit is known.
   */
  public boolean filling(long bytes) {
    return !none() && limits() && !full() && (heapLimit > 0 || !weighed) && fits(bytes);
  }

  /** Bytes the holder would retain at the bound, at the bytes per unit it retains now. */
  public long atBound(long bytes) {
    if (size <= 0) {
      return Long.MAX_VALUE;
    }
    double at = (double) bytes * limit / size;
    return at >= Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(bytes, (long) at);
  }

  /**
   * Whether what the holder would retain at the bound fits in half the heap limit: then it stops
   * there, and its growth is the structure filling; when the dump does not tell the heap limit,
   * only whether it is not full yet.
   */
  public boolean fits(long bytes) {
    return heapLimit <= 0 || atBound(bytes) <= heapLimit / 2;
  }

  /**
   * The words for a person, e.g. "a Caffeine cache of at most 40,000 entries, 27,000 now (68%); at
   * its bound about 21.4 MB, 22% of the 96.0 MB heap limit".
   */
  public String describe(long bytes) {
    String unit = weighed ? " by weight" : " entries";
    if (!limits()) {
      return String.format(
              Locale.ROOT,
              "a %s of at most %,d%s, which holds %,d entries, ",
              structure,
              limit,
              unit,
              entries)
          + (weighed
              ? "weighing 0 in all"
              : String.format(Locale.ROOT, "only %,d of them counted", size))
          + ": entries that weigh nothing (the loads in flight of an async cache, what a weigher"
          + " gives 0) are never evicted";
    }
    StringBuilder out =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "a %s of at most %,d%s%s, %,d now (%d%%)",
                structure,
                limit,
                unit,
                none() ? " (no bound at all)" : "",
                size,
                limit <= 0 ? 0 : Math.round(100.0 * size / limit)));
    if (!full()) {
      long at = atBound(bytes);
      out.append("; at its bound about ").append(TextReportWriter.bytes(at));
      if (heapLimit > 0) {
        out.append(at >= 10L * heapLimit ? ", many times the " : ", ")
            .append(at >= 10L * heapLimit ? "" : Math.round(100.0 * at / heapLimit) + "% of the ")
            .append(TextReportWriter.bytes(heapLimit))
            .append(" heap limit");
      }
    }
    return out.toString();
  }
}
