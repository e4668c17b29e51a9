package io.leakscope.heap.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class OffsetTableTest {
  @Test
  void offsetsBeyondFourGigabytesComeBackExactly() throws java.io.IOException {
    for (boolean parked : new boolean[] {false, true}) {
      Random r = new Random(5);
      // more than one page of the builder's list (2^20 entries), not a multiple of it
      long[] expected = new long[(1 << 20) + 100_000];
      OffsetTable.Builder b = new OffsetTable.Builder();
      long off = 0;
      for (int i = 0; i < expected.length; i++) {
        // some huge steps (prim arrays of gigabytes) so several 4 GB windows are crossed, some
        // skipped
        off += i % 99_991 == 0 ? (long) r.nextInt(Integer.MAX_VALUE) * 5 : 1 + r.nextInt(200);
        expected[i] = off;
        b.add(off);
      }
      OffsetTable t;
      if (parked) {
        OffsetTable.Parked p = b.buildParked();
        t = p.table();
        assertThatThrownBy(() -> t.get(0)).isInstanceOf(IllegalStateException.class);
        try (ParkedArrays low = p.low()) {
          assertThat(low.inFile()).isTrue();
          t.attachLow(low.read(0));
        }
      } else {
        t = b.build();
      }
      assertOffsets(t, expected);
    }
  }

  private static void assertOffsets(OffsetTable t, long[] expected) {
    assertThat(t.size()).isEqualTo(expected.length);
    assertThat(expected[expected.length - 1]).isGreaterThan(1L << 34); // several 4 GB windows
    for (int i = 0; i < expected.length; i++) {
      assertThat(t.get(i)).as("offset %d", i).isEqualTo(expected[i]);
    }
  }

  @Test
  void parkedOffsetsCannotBeReadByMistake() throws java.io.IOException {
    OffsetTable.Builder b = new OffsetTable.Builder();
    b.add(10);
    OffsetTable t = b.build();
    int[] low = t.detachLow();
    assertThatThrownBy(() -> t.get(0)).isInstanceOf(IllegalStateException.class);
    t.attachLow(low);
    assertThat(t.get(0)).isEqualTo(10);
  }

  @Test
  void offsetsMustNotDecrease() throws java.io.IOException {
    try (OffsetTable.Builder b = new OffsetTable.Builder()) {
      b.add(100);
      b.add(100);
      assertThatThrownBy(() -> b.add(99))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("99 after 100");
    }
  }
}
