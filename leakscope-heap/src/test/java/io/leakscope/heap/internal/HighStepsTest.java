package io.leakscope.heap.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HighStepsTest {
  /**
   * Positions far past 2^32 (as the edge starts of a graph of more than 2^32 references are) come
   * back whole from their low words and the steps: random non-decreasing sequences with runs of
   * equal values, small steps across each multiple of 2^32, and jumps over several multiples at
   * once; every value checked against the sequence itself.
   */
  @Test
  void everyValueComesBackFromItsLowWordAndTheSteps() {
    for (int seed = 1; seed <= 50; seed++) {
      SplittableRandom r = new SplittableRandom(seed);
      long[] values = new long[2_000];
      long v = r.nextInt(3) == 0 ? 0 : r.nextLong(1L << 40);
      for (int i = 0; i < values.length; i++) {
        values[i] = v;
        v +=
            switch (r.nextInt(6)) {
              case 0 -> 0; // an object without references
              case 1 -> (1L << 32) * (1 + r.nextInt(3)) + r.nextInt(5); // one or more multiples
              case 2 -> (1L << 32) - (v & 0xFFFF_FFFFL) - r.nextInt(2); // to just before/at one
              default -> r.nextInt(1 << 28);
            };
      }
      HighSteps steps = new HighSteps();
      int[] low = new int[values.length];
      for (int i = 0; i < values.length; i++) {
        low[i] = steps.add(i, values[i]);
      }
      int[] s = steps.steps();
      assertThat(s.length).as("seed %d", seed).isEqualTo(values[values.length - 1] >>> 32);
      for (int i = 0; i < values.length; i++) {
        assertThat(HighSteps.value(low[i], s, i))
            .as("seed %d, index %d", seed, i)
            .isEqualTo(values[i]);
      }
    }
  }

  @Test
  void belowTwoToTheThirtyTwoThereAreNoSteps() {
    HighSteps steps = new HighSteps();
    assertThat(steps.add(0, 0)).isZero();
    assertThat(steps.add(1, 0xFFFF_FFFFL)).isEqualTo(-1);
    assertThat(steps.steps()).isEmpty();
    assertThat(HighSteps.value(-1, steps.steps(), 1)).isEqualTo(0xFFFF_FFFFL);
  }

  @Test
  void aDecreasingValueIsRefused() {
    HighSteps steps = new HighSteps();
    steps.add(0, 5L << 32);
    assertThatThrownBy(() -> steps.add(1, 4L << 32)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> steps.add(1, -1)).isInstanceOf(IllegalArgumentException.class);
  }
}
