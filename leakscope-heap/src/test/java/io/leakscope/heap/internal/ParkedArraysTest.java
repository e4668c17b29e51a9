package io.leakscope.heap.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ParkedArraysTest {
  @Test
  void readsBackWhatWasParkedWholeIntoAndInChunks() throws IOException {
    Random r = new Random(11);
    // lengths around the chunk size, and an empty array between two others
    int[][] arrays = {
      random(r, ParkedArrays.CHUNK + 17),
      new int[0],
      random(r, 5),
      random(r, 3 * ParkedArrays.CHUNK)
    };
    int[][] copies = new int[arrays.length][];
    for (int k = 0; k < arrays.length; k++) {
      copies[k] = arrays[k].clone();
    }
    try (ParkedArrays parked = ParkedArrays.park(arrays)) {
      assertThat(parked.inFile()).isTrue();
      java.util.Arrays.fill(arrays[0], 0); // the file holds copies, not the arrays themselves
      // out of order, each more than once
      assertThat(parked.read(3)).isEqualTo(copies[3]);
      assertThat(parked.read(0)).isEqualTo(copies[0]);
      int[] into = new int[5];
      parked.readInto(2, into);
      assertThat(into).isEqualTo(copies[2]);
      assertThat(parked.read(1)).isEmpty();
      for (int k : new int[] {0, 3}) {
        int[] spread = new int[copies[k].length];
        int[] next = {0};
        parked.readChunks(
            k,
            (first, chunk, count) -> {
              assertThat(first).isEqualTo(next[0]);
              assertThat(count).isBetween(1, ParkedArrays.CHUNK);
              System.arraycopy(chunk, 0, spread, first, count);
              next[0] += count;
            });
        assertThat(next[0]).isEqualTo(copies[k].length);
        assertThat(spread).isEqualTo(copies[k]);
      }
      assertThatThrownBy(() -> parked.readInto(2, new int[4]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("5 elements");
    }
  }

  @Test
  void singleElementsComeFromTheFileThroughTheCache() throws IOException {
    Random r = new Random(5);
    int[] a = random(r, 100_000);
    try (java.nio.channels.FileChannel ch = IntArrays.temporaryFile()) {
      IntArrays.write(ch, new int[] {7, 8, 9}); // another array first: positions are respected
      IntArrays.write(ch, a);
      IntFileReader reader = new IntFileReader(ch, 12, a.length);
      for (int k = 0; k < 20_000; k++) {
        int i = r.nextInt(a.length);
        assertThat(reader.get(i)).isEqualTo(a[i]);
      }
      assertThat(reader.get(a.length - 1)).isEqualTo(a[a.length - 1]);
      assertThatThrownBy(() -> reader.get(a.length)).isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> reader.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
  }

  @Test
  void appendedElementsAreParkedAndReadBackInPiecesInAnyOrder() throws IOException {
    Random r = new Random(3);
    // more than a few of the appender's buffers, not a multiple of them
    int[] expected = random(r, 3 * 65_536 + 123);
    for (boolean inFile : new boolean[] {true, false}) {
      ParkedArrays.Appender appender =
          inFile
              ? ParkedArrays.appender(expected.length + 10)
              : ParkedArrays.Appender.inMemory(expected.length + 10);
      for (int x : expected) {
        appender.add(x);
      }
      assertThat(appender.size()).isEqualTo(expected.length);
      try (ParkedArrays parked = appender.finish()) {
        assertThat(parked.inFile()).isEqualTo(inFile);
        // backwards in pieces of 1000, as the semidominators read the predecessor lists
        int[] back = new int[expected.length];
        for (int end = expected.length; end > 0; end -= 1000) {
          int from = Math.max(0, end - 1000);
          parked.read(0, from, back, from, end - from);
        }
        assertThat(back).isEqualTo(expected);
        int[] piece = new int[7];
        parked.read(0, 65_530, piece, 2, 5);
        assertThat(piece)
            .containsExactly(
                0,
                0,
                expected[65_530],
                expected[65_531],
                expected[65_532],
                expected[65_533],
                expected[65_534]);
        assertThat(parked.read(0)).isEqualTo(expected);
      }
    }
    try (ParkedArrays.Appender full = ParkedArrays.appender(2)) {
      full.add(1);
      full.add(2);
      assertThatThrownBy(() -> full.add(3)).isInstanceOf(IllegalStateException.class);
    }
    try (ParkedArrays empty = ParkedArrays.appender(0).finish()) {
      assertThat(empty.read(0)).isEmpty();
    }
  }

  /**
   * More elements than one array holds come back as consecutive pieces (here of 100,003, so that
   * pieces cross the appender's buffers and the in-memory list's pages of 2^20), from the file and
   * from the in-memory fallback, and a reader spanning the pieces sees them as one array.
   */
  @Test
  void appendedElementsComeBackInPiecesOfAGivenLength() throws IOException {
    Random r = new Random(13);
    int piece = 100_003;
    int[] expected = random(r, 2 * (1 << 20) + 77);
    for (boolean inFile : new boolean[] {true, false}) {
      ParkedArrays.Appender appender =
          inFile
              ? ParkedArrays.appender(expected.length)
              : ParkedArrays.Appender.inMemory(expected.length);
      for (int x : expected) {
        appender.add(x);
      }
      try (ParkedArrays parked = appender.finish(piece)) {
        int pieces = (expected.length + piece - 1) / piece;
        assertThat(parked.count()).as("in file: %s", inFile).isEqualTo(pieces);
        for (int k = 0; k < pieces; k++) {
          int from = k * piece;
          int to = Math.min(expected.length, from + piece);
          assertThat(parked.read(k))
              .as("piece %d, in file: %s", k, inFile)
              .isEqualTo(java.util.Arrays.copyOfRange(expected, from, to));
        }
      }
    }
    try (ParkedArrays.Appender appender = ParkedArrays.appender(expected.length)) {
      for (int x : expected) {
        appender.add(x);
      }
      try (ParkedArrays parked = appender.finish(piece)) {
        IntFileReader all = parked.reader(0, parked.count());
        IntFileReader tail = parked.reader(2, parked.count());
        for (int k = 0; k < 5_000; k++) {
          int i = r.nextInt(expected.length);
          assertThat(all.get(i)).isEqualTo(expected[i]);
          if (i >= 2 * piece) {
            assertThat(tail.get(i - 2 * piece)).isEqualTo(expected[i]);
          }
        }
        assertThatThrownBy(() -> all.get(expected.length))
            .isInstanceOf(IndexOutOfBoundsException.class);
      }
    }
    try (ParkedArrays none = ParkedArrays.appender(0).finish(piece)) {
      assertThat(none.count()).isEqualTo(1);
      assertThat(none.read(0)).isEmpty();
    }
  }

  @Test
  void rangesOutsideTheParkedArrayAreRefused() throws IOException {
    try (ParkedArrays parked = ParkedArrays.park(new int[] {1, 2, 3})) {
      int[] into = new int[4];
      assertThatThrownBy(() -> parked.read(0, 1, into, 0, 3))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> parked.read(0, 0, into, 2, 3))
          .isInstanceOf(IndexOutOfBoundsException.class);
      parked.read(0, 1, into, 2, 2);
      assertThat(into).containsExactly(0, 0, 2, 3);
    }
  }

  private static int[] random(Random r, int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = r.nextInt();
    }
    return a;
  }
}
