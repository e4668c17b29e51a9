package io.leakscope.heap.internal;

import java.util.Arrays;

/**
 * A growable list of longs in pages of 2<sup>20</sup> entries: growing never copies. {@link
 * #toArray()} releases each page once copied, but the array is allocated whole first, so the
 * conversion holds the data twice for a moment; {@link #toArrayThroughFile()} holds it once.
 * Memory: 8 bytes per entry plus at most one partly filled page.
 */
public final class LongBigList {
  private static final int SHIFT = 20;
  private static final int PAGE = 1 << SHIFT;
  private long[][] pages = new long[16][];
  private long size;

  public void add(long v) {
    int p = (int) (size >>> SHIFT);
    if (p == pages.length) {
      pages = Arrays.copyOf(pages, p * 2);
    }
    long[] page = pages[p];
    if (page == null) {
      page = pages[p] = new long[PAGE];
    }
    page[(int) (size & (PAGE - 1))] = v;
    size++;
  }

  public long get(long i) {
    return pages[(int) (i >>> SHIFT)][(int) (i & (PAGE - 1))];
  }

  public long size() {
    return size;
  }

  /** Empties the list and releases its pages. */
  public void clear() {
    pages = new long[16][];
    size = 0;
  }

  /** Copies into one array and empties this list, releasing each page once copied. */
  public long[] toArray() {
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("more than 2^31 entries: " + size);
    }
    long[] out = new long[(int) size];
    for (int p = 0; (long) p * PAGE < size; p++) {
      int n = (int) Math.min(PAGE, size - (long) p * PAGE);
      System.arraycopy(pages[p], 0, out, p * PAGE, n);
      pages[p] = null;
    }
    size = 0;
    return out;
  }

  /**
   * Like {@link #toArray()}, but the pages go to a temporary file first and the array is read back
   * from it, so that the array is never in memory beside the pages: the conversion's peak is the
   * data once rather than twice. Falls back to {@link #toArray()} if the file cannot be written.
   *
   * @throws java.io.UncheckedIOException if the file was written but cannot be read back (the list
   *     is empty then)
   */
  public long[] toArrayThroughFile() {
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("more than 2^31 entries: " + size);
    }
    int n = (int) size;
    java.nio.channels.FileChannel ch;
    try {
      ch = IntArrays.temporaryFile();
    } catch (java.io.IOException | RuntimeException e) {
      return toArray();
    }
    try (ch) {
      try {
        for (int p = 0; (long) p * PAGE < size; p++) {
          IntArrays.writeLongs(ch, pages[p], (int) Math.min(PAGE, size - (long) p * PAGE));
        }
      } catch (java.io.IOException | RuntimeException e) {
        return toArray();
      }
      clear();
      ch.position(0);
      return IntArrays.readLongs(ch, n);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("reading back a temporary file", e);
    }
  }
}
