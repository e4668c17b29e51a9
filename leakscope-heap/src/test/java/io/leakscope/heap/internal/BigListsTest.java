package io.leakscope.heap.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BigListsTest {
  /** Lists of more than two pages (2^20 entries each), not a multiple of a page. */
  private static final int N = (5 << 19) + 77;

  @Test
  void longsComeBackAsAppended() {
    SplittableRandom r = new SplittableRandom(1);
    long[] expected = new long[N];
    LongBigList list = new LongBigList();
    for (int i = 0; i < N; i++) {
      expected[i] = r.nextLong();
      list.add(expected[i]);
    }
    assertThat(list.get(N - 1)).isEqualTo(expected[N - 1]);
    assertThat(list.toArray()).isEqualTo(expected);
    assertThat(list.size()).isZero();
  }

  @Test
  void intsComeBackAsAppended() {
    SplittableRandom r = new SplittableRandom(2);
    int[] expected = new int[N];
    IntBigList list = new IntBigList();
    for (int i = 0; i < N; i++) {
      expected[i] = r.nextInt();
      list.add(expected[i]);
    }
    assertThat(list.get(N - 1)).isEqualTo(expected[N - 1]);
    assertThat(list.toArray()).isEqualTo(expected);
    assertThat(list.size()).isZero();
    assertThat(new IntBigList().toArray()).isEmpty();
  }
}
