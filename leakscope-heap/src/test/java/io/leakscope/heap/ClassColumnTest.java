package io.leakscope.heap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClassColumnTest {
  @Test
  void classesUpTo65535TakeTwoBytesAndComeBackAsTheyWere() {
    SplittableRandom r = new SplittableRandom(4);
    int[] classOf = new int[100_000];
    for (int i = 0; i < classOf.length; i++) {
      classOf[i] = r.nextInt(1 << 16);
    }
    classOf[7] = 65_535;
    classOf[8] = 0;
    int[] copy = classOf.clone();
    ClassColumn column = ClassColumn.of(classOf);
    assertThat(column.bytesPerObject()).isEqualTo(2);
    assertThat(column.size()).isEqualTo(copy.length);
    for (int i = 0; i < copy.length; i++) {
      assertThat(column.get(i)).isEqualTo(copy[i]);
    }
  }

  @Test
  void moreClassesOrNegativeIndexesKeepFourBytes() {
    for (int odd : new int[] {65_536, Integer.MAX_VALUE, -1}) {
      int[] classOf = {1, 2, odd, 3};
      ClassColumn column = ClassColumn.of(classOf);
      assertThat(column.bytesPerObject()).isEqualTo(4);
      assertThat(new int[] {column.get(0), column.get(1), column.get(2), column.get(3)})
          .containsExactly(1, 2, odd, 3);
    }
    assertThat(ClassColumn.of(new int[0]).size()).isZero();
  }

  @Test
  void aFilledColumnIsNarrowUpTo65536ClassesAndWideBeyond() throws java.io.IOException {
    for (int classes : new int[] {65_536, 65_537}) {
      int[] want = {0, classes - 1, 5, classes / 2};
      ClassColumn column =
          ClassColumn.filled(
              want.length,
              classes,
              set -> {
                for (int i = want.length - 1; i >= 0; i--) {
                  set.set(i, want[i]);
                }
              });
      assertThat(column.bytesPerObject()).isEqualTo(classes <= 65_536 ? 2 : 4);
      assertThat(new int[] {column.get(0), column.get(1), column.get(2), column.get(3)})
          .containsExactly(want);
    }
  }
}
