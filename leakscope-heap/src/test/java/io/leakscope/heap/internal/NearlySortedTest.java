package io.leakscope.heap.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link NearlySorted} sorts as {@link Arrays#sort(long[])} does, whatever the array's shape. */
class NearlySortedTest {
  private static long[] ascending(int n, Random r) {
    long[] a = new long[n];
    long v = r.nextInt(100);
    for (int i = 0; i < n; i++) {
      v += 1 + r.nextInt(4);
      a[i] = v;
    }
    return a;
  }

  /** Sorts a copy both ways and compares; returns which way {@link NearlySorted} went. */
  private static boolean sortsLikeTheJdk(long[] a) {
    long[] expected = a.clone();
    Arrays.sort(expected);
    boolean merged = NearlySorted.sort(a);
    assertThat(a).isEqualTo(expected);
    return merged;
  }

  @Test
  void smallAndSortedArrays() {
    assertThat(sortsLikeTheJdk(new long[0])).isTrue();
    assertThat(sortsLikeTheJdk(new long[] {7})).isTrue();
    assertThat(sortsLikeTheJdk(new long[] {1, 2, 3})).isTrue();
    assertThat(sortsLikeTheJdk(new long[] {3, 2, 1})).isFalse();
    assertThat(sortsLikeTheJdk(new long[] {2, 1})).isFalse();
    assertThat(sortsLikeTheJdk(new long[] {-5, Long.MIN_VALUE, Long.MAX_VALUE, 0})).isFalse();
  }

  @Test
  void classesFirstThenObjectsInAddressOrder() {
    Random r = new Random(1);
    for (int round = 0; round < 200; round++) {
      int n = 20 + r.nextInt(5000);
      long[] a = ascending(n, r);
      long max = a[n - 1];
      // a few elements anywhere in the range, in any order, before the run
      int classes = r.nextInt(n / 16 + 1);
      for (int i = 0; i < classes; i++) {
        a[i] = r.nextLong(max + 10) - 5;
      }
      assertThat(sortsLikeTheJdk(a)).as("round %d", round).isTrue();
    }
  }

  @Test
  void elementsOutOfPlaceBeforeInsideAndAfterTheRun() {
    Random r = new Random(2);
    int merged = 0;
    for (int round = 0; round < 300; round++) {
      int n = 1 + r.nextInt(3000);
      long[] a = ascending(n, r);
      long max = a[n - 1];
      // a few at the ends (the run between them is kept), sometimes a few inside too
      int moved = r.nextInt(Math.max(1, n / 40));
      for (int m = 0; m < moved; m++) {
        int at = r.nextBoolean() ? r.nextInt(Math.max(1, n / 50)) : n - 1 - r.nextInt(n / 50 + 1);
        a[at] = r.nextLong(max + 10) - 5; // duplicates too
      }
      if (r.nextInt(4) == 0) {
        a[r.nextInt(n)] = r.nextLong(max + 10) - 5;
      }
      if (sortsLikeTheJdk(a)) {
        merged++;
      }
    }
    assertThat(merged).as("rounds merged rather than handed to Arrays.sort").isGreaterThan(200);
  }

  @Test
  void elementsOnBothSidesOfTheRunWithEqualValuesAcrossItsEnds() {
    // the run is 10..209 step 1 (200 elements); before it and after it, values equal to its first
    // and last, below and above it, and in its middle: 10 of 210 elements, under a sixteenth
    long[] a = new long[210];
    long[] before = {209, 10, 105, 5, 10};
    long[] after = {10, 209, 0, 250, 105};
    System.arraycopy(before, 0, a, 0, before.length);
    for (int i = 0; i < 200; i++) {
      a[before.length + i] = 10 + i;
    }
    System.arraycopy(after, 0, a, 205, after.length);

    assertThat(sortsLikeTheJdk(a)).isTrue();
  }

  @Test
  void arraysFarFromSortedGoToTheJdk() {
    Random r = new Random(3);
    long[] random = new long[10_000];
    for (int i = 0; i < random.length; i++) {
      random[i] = r.nextLong();
    }
    long[] twoHalves = new long[10_000];
    for (int i = 0; i < twoHalves.length; i++) {
      twoHalves[i] = (i + twoHalves.length / 2) % twoHalves.length;
    }
    long[] descending = new long[1000];
    for (int i = 0; i < descending.length; i++) {
      descending[i] = -i;
    }

    assertThat(sortsLikeTheJdk(random)).isFalse();
    assertThat(sortsLikeTheJdk(twoHalves)).isFalse();
    assertThat(sortsLikeTheJdk(descending)).isFalse();
  }

  @Test
  void theLongestRunAnywhereIsKept() {
    // two runs, the second longer: the first (a sixteenth) is what is copied out
    int n = 1600;
    long[] a = new long[n];
    for (int i = 0; i < 100; i++) {
      a[i] = 10_000 + i * 3L;
    }
    for (int i = 100; i < n; i++) {
      a[i] = i * 7L;
    }
    assertThat(sortsLikeTheJdk(a)).isTrue();
  }

  /**
   * The point of the class: a dump's keys, a few thousand class objects before the objects in
   * address order, are sorted without an array of their size beside them (which {@link
   * Arrays#sort(long[])} allocates for them).
   */
  @Test
  void aDumpsKeysAreSortedWithoutASecondArray() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    int n = 2_000_000;
    Random r = new Random(4);
    long[] keys = ascending(n, r);
    long[] jdk = keys.clone();
    for (int i = 0; i < 1100; i++) {
      keys[i] = r.nextLong(keys[n - 1]);
      jdk[i] = keys[i];
    }

    long before = threads.getCurrentThreadAllocatedBytes();
    NearlySorted.sort(keys);
    long ours = threads.getCurrentThreadAllocatedBytes() - before;
    before = threads.getCurrentThreadAllocatedBytes();
    Arrays.sort(jdk);
    long theJdks = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat(keys).isEqualTo(jdk);
    assertThat(ours).isLessThan(64 * 1024);
    // what the JDK's sort takes for the same array (on JDK 17, 3.3 MB here: merge buffers for the
    // runs it finds); a JDK that stops doing so makes this class unneeded, not wrong
    assumeTrue(theJdks > n, "this JDK's Arrays.sort allocated only " + theJdks + " bytes");
  }
}
