package io.leakscope.heap.internal;

import java.util.Arrays;

/**
 * Sorts a {@code long[]} that is sorted but for a few elements, in about one pass and without an
 * array of its size beside it: the address keys of a heap dump, whose objects HotSpot writes in
 * address order after a few thousand class objects in the order their classes were loaded.
 *
 * <p>Design note. {@link Arrays#sort(long[])} finds such an array's runs and merges them through
 * buffers of up to the array's size (JDK 17): up to 8 bytes per object beside the keys' 8 (4.2 for
 * 10M keys with 1,100 out of place, in 0.35 s), at the end of the index build's first pass. Here
 * the longest ascending run stays where it is; the elements outside it (the class objects) are
 * copied out and sorted on their own, the run is moved to the front, and the two are merged from
 * the back, into the room the copied elements left. Memory: 8 bytes per element outside the run (16
 * while {@link Arrays#sort} sorts them). When more than a sixteenth ({@link #MAX_OUTSIDE_SHIFT}) of
 * the elements lie outside the longest run (a dump not written in address order), the array goes to
 * {@link Arrays#sort(long[])} as before.
 */
public final class NearlySorted {
  /** The longest run must hold all but 2^-this of the elements: a sixteenth. */
  static final int MAX_OUTSIDE_SHIFT = 4;

  private NearlySorted() {}

  /**
   * Sorts {@code a} in ascending order, as {@link Arrays#sort(long[])} does.
   *
   * @return whether the longest run was merged with the rest (false: the array was handed to {@link
   *     Arrays#sort(long[])}), for tests
   */
  public static boolean sort(long[] a) {
    int n = a.length;
    int bestStart = 0;
    int bestEnd = Math.min(n, 1);
    int start = 0;
    for (int i = 1; i <= n; i++) {
      if (i == n || a[i] < a[i - 1]) {
        if (i - start > bestEnd - bestStart) {
          bestStart = start;
          bestEnd = i;
        }
        start = i;
      }
    }
    int run = bestEnd - bestStart;
    int outside = n - run;
    if (outside == 0) {
      return true;
    }
    if (outside > n >>> MAX_OUTSIDE_SHIFT) {
      Arrays.sort(a);
      return false;
    }
    long[] rest = new long[outside];
    System.arraycopy(a, 0, rest, 0, bestStart);
    System.arraycopy(a, bestEnd, rest, bestStart, n - bestEnd);
    Arrays.sort(rest);
    System.arraycopy(a, bestStart, a, 0, run);
    // merge from the back: the write position never passes the run's next element to read
    int i = run - 1;
    int j = outside - 1;
    int k = n - 1;
    while (j >= 0) {
      if (i >= 0 && a[i] > rest[j]) {
        a[k--] = a[i--];
      } else {
        a[k--] = rest[j--];
      }
    }
    return true;
  }
}
