package io.leakscope.heap.internal;

import java.util.Arrays;

/**
 * A growable list of ints in pages of 2<sup>20</sup> entries: growing never copies. {@link
 * #toArray()} releases each page once copied, but the array is allocated whole first, so the
 * conversion holds the data twice for a moment: for small lists (a dump's GC roots); a column of
 * one value per object is appended to a file instead ({@link ParkedArrays.Appender}). Memory: 4
 * bytes per entry plus at most one partly filled page.
 */
public final class IntBigList {
  private static final int SHIFT = 20;
  private static final int PAGE = 1 << SHIFT;
  private int[][] pages = new int[16][];
  private long size;

  public void add(int v) {
    int p = (int) (size >>> SHIFT);
    if (p == pages.length) {
      pages = Arrays.copyOf(pages, p * 2);
    }
    int[] page = pages[p];
    if (page == null) {
      page = pages[p] = new int[PAGE];
    }
    page[(int) (size & (PAGE - 1))] = v;
    size++;
  }

  public int get(long i) {
    return pages[(int) (i >>> SHIFT)][(int) (i & (PAGE - 1))];
  }

  public long size() {
    return size;
  }

  /** Copies into one array and empties this list, releasing each page once copied. */
  public int[] toArray() {
    if (size > ParkedArrays.MAX_ARRAY_LENGTH) {
      throw new IllegalStateException("more than 2^31 entries: " + size);
    }
    return toArrays(ParkedArrays.MAX_ARRAY_LENGTH)[0];
  }

  /**
   * Copies into arrays of {@code pieceLength} entries (the last one shorter; one empty array if the
   * list is empty) and empties this list, releasing each page once copied: for lists longer than
   * one array.
   */
  public int[][] toArrays(int pieceLength) {
    int[][] out = new int[(int) Math.max(1, (size + pieceLength - 1) / pieceLength)][];
    for (int k = 0; k < out.length; k++) {
      long first = (long) k * pieceLength;
      int[] a = new int[(int) Math.min(pieceLength, size - first)];
      out[k] = a;
      for (int done = 0; done < a.length; ) {
        long i = first + done;
        int p = (int) (i >>> SHIFT);
        int at = (int) (i & (PAGE - 1));
        int n = Math.min(PAGE - at, a.length - done);
        System.arraycopy(pages[p], at, a, done, n);
        done += n;
        if (at + n == PAGE) {
          pages[p] = null;
        }
      }
    }
    pages = new int[16][];
    size = 0;
    return out;
  }
}
