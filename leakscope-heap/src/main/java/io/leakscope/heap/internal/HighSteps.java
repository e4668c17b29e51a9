package io.leakscope.heap.internal;

import java.util.Arrays;

/**
 * A non-decreasing sequence of {@code long} values (positions in an array of more than 2^32
 * elements) stored in 4 bytes each: the low 32 bits of each value in an {@code int[]} of the
 * caller's, and here the indices at which the high 32 bits step up. Such a sequence crosses each
 * multiple of 2^32 once, so the steps are a handful of ints however long the sequence is; a value's
 * high bits are the number of steps at or before its index.
 *
 * <p>Design note: the edge starts of a graph with more than 2^31 references are such a sequence. A
 * {@code long[]} would cost 4 more bytes per object (5.4 GB for 1.3 billion objects, the count at
 * which the references pass 2^31 on the dumps measured), where this costs nothing beside the low
 * words until the positions pass 2^32, and 4 bytes per crossing after. Reading a value scans the
 * steps, of which there are none below 2^32 positions and one more per 2^32 after.
 *
 * <p>Not thread-safe while being built; the array of {@link #steps()} is immutable.
 */
public final class HighSteps {
  private int[] steps = new int[0];
  private int count;
  private long high;

  /**
   * Records the value at {@code index}; indices come in increasing order and values do not
   * decrease.
   *
   * @return the value's low 32 bits, to be stored by the caller
   * @throws IllegalArgumentException if the value is smaller than the last one's high part allows
   */
  public int add(int index, long value) {
    long h = value >>> 32;
    if (value < 0 || h < high) {
      throw new IllegalArgumentException("position " + value + " after a larger one");
    }
    while (h > high) {
      if (count == steps.length) {
        steps = Arrays.copyOf(steps, Math.max(4, 2 * count));
      }
      steps[count++] = index;
      high++;
    }
    return (int) value;
  }

  /** The indices where the high bits step up, in order: empty while every value is below 2^32. */
  public int[] steps() {
    return Arrays.copyOf(steps, count);
  }

  /** The value at {@code index} whose low 32 bits are {@code low}, given the {@code steps}. */
  public static long value(int low, int[] steps, int index) {
    long h = 0;
    for (int s : steps) {
      if (s > index) {
        break;
      }
      h++;
    }
    return (h << 32) | (low & 0xFFFF_FFFFL);
  }
}
