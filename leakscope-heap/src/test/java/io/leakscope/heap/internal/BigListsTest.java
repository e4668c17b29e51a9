package io.leakscope.heap.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BigListsTest {
  /** Lists of more than two pages (2^20 entries each), not a multiple of a page. */
  private static final int N = (5 << 19) + 77;

  @Test
  void longsComeBackThroughTheFileAsAppended() {
    SplittableRandom r = new SplittableRandom(1);
    long[] expected = new long[N];
    LongBigList list = new LongBigList();
    for (int i = 0; i < N; i++) {
      expected[i] = r.nextLong();
      list.add(expected[i]);
    }
    assertThat(list.toArrayThroughFile()).isEqualTo(expected);
    assertThat(list.size()).isZero();
  }

  @Test
  void intsComeBackThroughTheFileOrParkedAsAppended() throws IOException {
    SplittableRandom r = new SplittableRandom(2);
    int[] expected = new int[N];
    IntBigList a = new IntBigList();
    IntBigList b = new IntBigList();
    for (int i = 0; i < N; i++) {
      expected[i] = r.nextInt();
      a.add(expected[i]);
      b.add(expected[i]);
    }
    assertThat(a.toArrayThroughFile()).isEqualTo(expected);
    assertThat(a.size()).isZero();
    try (ParkedArrays parked = b.park()) {
      assertThat(b.size()).isZero();
      assertThat(parked.inFile()).isTrue();
      assertThat(parked.read(0)).isEqualTo(expected);
    }
    assertThat(new IntBigList().toArrayThroughFile()).isEmpty();
  }
}
