package io.leakscope.heap.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SizeColumnTest {
  @Test
  void keepsEverySizeSmallAndBigAndAcrossParking() {
    Random r = new Random(3);
    int n = 50_000;
    int[] size8 = new int[n];
    int big = 0;
    for (int i = 0; i < n; i++) {
      int kind = r.nextInt(100);
      // mostly small, some at the edges of the byte, a few huge (up to the unsigned maximum)
      size8[i] =
          kind < 90
              ? r.nextInt(64)
              : kind < 97 ? 250 + r.nextInt(10) : kind < 99 ? r.nextInt() >>> 1 : -1 - r.nextInt(5);
      big += Integer.compareUnsigned(size8[i], 255) >= 0 ? 1 : 0;
    }
    SizeColumn column = SizeColumn.of(size8.clone());
    for (int i = 0; i < n; i++) {
      assertThat(column.units(i)).as("object %d", i).isEqualTo(size8[i]);
    }
    assertThat(big).isGreaterThan(500);
    assertThat(column.memoryBytes(n)).isEqualTo(n + 8L * big);
    byte[] parked = column.detach();
    assertThatThrownBy(() -> column.units(0)).isInstanceOf(IllegalStateException.class);
    column.attach(parked.clone());
    for (int i = 0; i < n; i += 7) {
      assertThat(column.units(i)).isEqualTo(size8[i]);
    }
  }

  @Test
  void aBuilderGivenFewerSizesThanObjectsRefusesToBuild() {
    SizeColumn.Builder b = new SizeColumn.Builder(3);
    b.add(1);
    b.add(300);
    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("2 sizes of 3 objects");
    b.add(-1);
    SizeColumn c = b.build();
    assertThat(new int[] {c.units(0), c.units(1), c.units(2)}).containsExactly(1, 300, -1);
  }
}
