package io.leakscope.analysis.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a cache's bound says, from its numbers: fill, what it takes at the bound, the words. */
class BoundTest {
  private static final long MB = 1024 * 1024;

  @Test
  void aCacheHalfWayToItsBoundTakesTwiceWhatItTakesNow() {
    Bound b = new Bound("Caffeine cache", false, 40_000, 20_000, 20_000, 100 * MB);
    assertThat(b.full()).isFalse();
    assertThat(b.limits()).isTrue();
    assertThat(b.atBound(10 * MB)).isEqualTo(20 * MB);
    assertThat(b.filling(10 * MB)).as("20 MB at the bound, of 100 MB").isTrue();
    assertThat(b.filling(30 * MB)).as("60 MB at the bound: more than half the heap").isFalse();
    assertThat(b.describe(10 * MB))
        .isEqualTo(
            "a Caffeine cache of at most 40,000 entries, 20,000 now (50%); at its bound about"
                + " 20.0 MB, 20% of the 100.0 MB heap limit");
  }

  @Test
  void aFullCacheIsNotFilling() {
    Bound b = new Bound("Guava cache", false, 1_000, 990, 990, 0);
    assertThat(b.full()).isTrue();
    assertThat(b.filling(MB)).isFalse();
    assertThat(b.describe(MB)).isEqualTo("a Guava cache of at most 1,000 entries, 990 now (99%)");
  }

  @Test
  void entriesThatWeighNothingAreNotLimited() {
    // an async cache's loads in flight: 9,000 entries, none counted
    Bound async = new Bound("Caffeine cache", false, 1_000, 0, 9_000, 96 * MB);
    assertThat(async.limits()).isFalse();
    assertThat(async.filling(MB)).isFalse();
    assertThat(async.describe(MB))
        .startsWith(
            "a Caffeine cache of at most 1,000 entries, which holds 9,000 entries, only 0 of them"
                + " counted: entries that weigh nothing");
    // a weigher that gives 0
    Bound weightless = new Bound("Caffeine cache", true, 2 * MB, 0, 9_000, 96 * MB);
    assertThat(weightless.limits()).isFalse();
    assertThat(weightless.describe(MB)).contains("which holds 9,000 entries, weighing 0 in all");
  }

  @Test
  void aBoundByWeightFillsOnlyWhereTheHeapLimitIsKnown() {
    Bound known = new Bound("Caffeine cache", true, 4 * MB, MB, 500, 96 * MB);
    Bound unknown = new Bound("Caffeine cache", true, 4 * MB, MB, 500, 0);
    assertThat(known.filling(MB)).isTrue();
    assertThat(unknown.filling(MB)).isFalse();
    // by entries, the bound is what decides
    assertThat(new Bound("Guava cache", false, 4_000, 1_000, 1_000, 0).filling(MB)).isTrue();
  }

  @Test
  void aBoundFarBeyondTheHeapSaysSo() {
    Bound b = new Bound("Caffeine cache", false, 10_000_000, 1_000, 1_000, 64 * MB);
    assertThat(b.atBound(MB)).isEqualTo(10_000L * MB);
    assertThat(b.filling(MB)).isFalse();
    assertThat(b.describe(MB))
        .endsWith("at its bound about 9.8 GB, many times the 64.0 MB heap limit");
    // an LRU map whose bound was left at its default
    Bound none =
        new Bound("LinkedHashMap (Lru.maxEntries)", false, Integer.MAX_VALUE, 9_000, 9_000, 0);
    assertThat(none.none()).isTrue();
    assertThat(none.filling(MB)).as("no bound, even with the heap limit unknown").isFalse();
    assertThat(b.none()).isFalse();
    assertThat(none.describe(MB))
        .startsWith(
            "a LinkedHashMap (Lru.maxEntries) of at most 2,147,483,647 entries (no bound at all),"
                + " 9,000 now (0%)");
  }
}
