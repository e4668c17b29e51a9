package io.leakscope.analysis.internal.dominators;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The lists filled through buckets are exactly those filled directly ({@code preds[cursor[p]++] =
 * i} in the order given), checked against that direct fill on random entries: with blocks written
 * to the file and read back (more than a block per bucket), and with buckets whose last block stays
 * in memory.
 */
class ScatterBucketsTest {

  @Test
  void bucketedListsAreTheDirectOnes() throws IOException {
    Random random = new Random(7);
    for (int round = 0; round < 12; round++) {
      int lo = 1 + random.nextInt(50);
      int hi = lo + 2 + random.nextInt(round < 6 ? 40 : 20_000);
      int entries = random.nextInt(round < 6 ? 50 : 3 * ScatterBuckets.BLOCK * 20);
      int[] p = new int[entries];
      int[] i = new int[entries];
      int[] counts = new int[hi + 1];
      for (int k = 0; k < entries; k++) {
        // a skewed choice: some lists much longer than others
        int span = hi - lo;
        p[k] = lo + (random.nextBoolean() ? random.nextInt(span) : random.nextInt(1 + span / 16));
        i[k] = random.nextInt(Integer.MAX_VALUE);
        counts[p[k] + 1]++;
      }
      int[] start = new int[hi + 1];
      for (int v = lo; v < hi; v++) {
        start[v + 1] = start[v] + counts[v + 1];
      }
      int[] directCursor = start.clone();
      int[] direct = new int[entries];
      for (int k = 0; k < entries; k++) {
        direct[directCursor[p[k]]++] = i[k];
      }

      int[] cursor = start.clone();
      int[] bucketed = new int[entries];
      int bucketEntries = 1 + random.nextInt(Math.max(1, entries / 4));
      try (ScatterBuckets buckets = ScatterBuckets.open(lo, hi, entries, 0, bucketEntries)) {
        assertThat(buckets).isNotNull();
        assertThat(buckets.buckets()).isGreaterThanOrEqualTo(2);
        for (int k = 0; k < entries; k++) {
          buckets.add(p[k], i[k]);
        }
        buckets.scatter(bucketed, cursor);
      }

      // isEqualTo compares arrays as Arrays.equals does; containsExactly takes seconds here
      assertThat(bucketed).as("round %d", round).isEqualTo(direct);
      assertThat(cursor).as("round %d", round).isEqualTo(directCursor);
    }
  }

  @Test
  void fewEntriesOrOneVertexAreFilledDirectly() {
    assertThat(ScatterBuckets.open(1, 1000, ScatterBuckets.MIN_ENTRIES - 1)).isNull();
    assertThat(ScatterBuckets.open(5, 6, 1L << 30)).isNull();
  }

  @Test
  void bucketsAreAsManyAsTheEntriesAskWithinTheLimit() throws IOException {
    // 64M entries over 10M vertices: 256 buckets of 2^18 entries wanted, 40,000 vertices each,
    // rounded up to 2^16: 153 buckets
    try (ScatterBuckets b = ScatterBuckets.open(1, 10_000_001, 64L << 20)) {
      assertThat(b).isNotNull();
      assertThat(b.buckets()).isEqualTo(153);
    }
    // 16M entries at one per bucket would want 16M buckets: capped at 2,048, so 48,829 vertices
    // each, rounded up to 2^16: 1,526 buckets
    try (ScatterBuckets b = ScatterBuckets.open(1, 100_000_001, 1L << 24, 0, 1)) {
      assertThat(b).isNotNull();
      assertThat(b.buckets()).isEqualTo(1526);
    }
  }
}
