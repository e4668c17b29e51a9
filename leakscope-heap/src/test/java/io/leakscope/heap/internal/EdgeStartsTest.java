package io.leakscope.heap.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EdgeStartsTest {
  @Test
  void givesBackEverySequenceItWasGiven() {
    SplittableRandom r = new SplittableRandom(5);
    for (int round = 0; round < 400; round++) {
      int count = round < 140 ? round : r.nextInt(1, 5_000);
      long[] values = new long[count];
      long v = round % 3 == 0 ? r.nextLong(1L << 40) : 0; // some start past 2^32
      for (int i = 0; i < count; i++) {
        int kind = r.nextInt(20);
        // mostly small steps; now and then none, one that makes its block wide, one past 2^32
        v +=
            kind == 0
                ? r.nextLong(65_536, 300_000)
                : kind == 1 && round % 5 == 0 ? r.nextLong(1L << 33) : kind < 6 ? 0 : r.nextInt(6);
        values[i] = v;
      }
      EdgeStarts.Builder b = new EdgeStarts.Builder(count);
      for (long x : values) {
        b.add(x);
      }
      EdgeStarts starts = b.build();
      int[] packed = starts.packed();
      EdgeStarts parked = starts.withoutPacked();
      EdgeStarts restored = parked.withPacked(packed.clone());
      assertThat(starts.count()).isEqualTo(count);
      assertThat(packed).hasSize((count + 1) / 2);
      for (int i = 0; i < count; i++) {
        String what = "round " + round + ", value " + i;
        assertThat(starts.get(i)).as(what).isEqualTo(values[i]);
        assertThat(parked.value(i, packed[i / 2])).as(what).isEqualTo(values[i]);
        assertThat(restored.get(i)).as(what).isEqualTo(values[i]);
      }
    }
  }

  @Test
  void smallStepsCostTwoBytesAndABitEach() {
    int count = 1_000_000;
    EdgeStarts.Builder b = new EdgeStarts.Builder(count);
    for (int i = 0; i < count; i++) {
      b.add(3L * i); // 3 references per object: every block narrow
    }
    EdgeStarts starts = b.build();
    // 2 per value and 8 per block of 64
    assertThat(starts.memoryBytes()).isEqualTo(2L * count + 8L * (count / EdgeStarts.BLOCK));
  }

  @Test
  void aBlockSpanningTheWidestDistanceAndOneMore() {
    for (int span = 65_534; span <= 65_537; span++) {
      for (int at = 1; at < EdgeStarts.BLOCK; at += 21) { // where in the block the jump comes
        long[] values = new long[3 * EdgeStarts.BLOCK];
        for (int i = 0; i < values.length; i++) {
          int inBlock = i % EdgeStarts.BLOCK;
          values[i] = 1_000L * (i / EdgeStarts.BLOCK) * span + (inBlock >= at ? span : 0);
        }
        EdgeStarts.Builder b = new EdgeStarts.Builder(values.length);
        for (long x : values) {
          b.add(x);
        }
        EdgeStarts starts = b.build();
        for (int i = 0; i < values.length; i++) {
          assertThat(starts.get(i))
              .as("span %d, jump at %d, value %d", span, at, i)
              .isEqualTo(values[i]);
        }
      }
    }
  }

  @Test
  void aShortLastBlockThatIsWide() {
    long[] values = {0, 0, 3, 70_000, 70_001, Integer.MAX_VALUE};
    EdgeStarts.Builder b = new EdgeStarts.Builder(values.length);
    for (long v : values) {
      b.add(v);
    }
    EdgeStarts starts = b.build();
    for (int i = 0; i < values.length; i++) {
      assertThat(starts.get(i)).isEqualTo(values[i]);
    }
  }

  @Test
  void refusesWhatIsNoSequenceOfStarts() {
    EdgeStarts.Builder b = new EdgeStarts.Builder(2);
    b.add(5);
    assertThatThrownBy(() -> b.add(4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class);
    b.add(5);
    assertThatThrownBy(() -> b.add(6)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new EdgeStarts.Builder(1).add(-1))
        .isInstanceOf(IllegalArgumentException.class);
    EdgeStarts two = b.build();
    assertThatThrownBy(() -> two.withPacked(new int[2]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
