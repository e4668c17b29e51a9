package io.leakscope.heap.internal;

import java.util.Arrays;

/**
 * A growable list of longs in pages of 2<sup>20</sup> entries: growing never copies. {@link
 * #toArray()} releases each page once copied, but the array is allocated whole first, so the
 * conversion holds the data twice for a moment: for small lists (a dump's GC roots); a column of
 * one value per object is appended to a file instead ({@link ParkedArrays.Appender}). Memory: 8
 * bytes per entry plus at most one partly filled page.
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
}
