package io.leakscope.analysis.internal.dominators;

import static java.nio.file.StandardOpenOption.DELETE_ON_CLOSE;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
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

  /**
   * A block that cannot be written (a full disk; here a closed channel) surfaces as the {@link
   * UncheckedIOException} that {@code SemiNca} falls back on, before anything is in the lists.
   */
  @Test
  void aBlockThatCannotBeWrittenIsAnUncheckedIoException() throws IOException {
    FileChannel closed =
        FileChannel.open(Files.createTempFile("scatter", ".tmp"), WRITE, DELETE_ON_CLOSE);
    closed.close();
    ScatterBuckets buckets =
        new ScatterBuckets(
            1,
            4,
            2,
            new long[2 * ScatterBuckets.BLOCK],
            ByteBuffer.allocateDirect(8 * ScatterBuckets.BLOCK),
            closed);
    for (int k = 0; k < ScatterBuckets.BLOCK - 1; k++) {
      buckets.add(1, k);
    }

    assertThatThrownBy(() -> buckets.add(1, 0)).isInstanceOf(UncheckedIOException.class);
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
    // 2M entries at one per bucket would want 2M buckets: capped at 2,048, so 48,829 vertices
    // each, rounded up to 2^16: 1,526 buckets
    try (ScatterBuckets b = ScatterBuckets.open(1, 100_000_001, 1L << 21, 0, 1)) {
      assertThat(b).isNotNull();
      assertThat(b.buckets()).isEqualTo(1526);
    }
  }
}
