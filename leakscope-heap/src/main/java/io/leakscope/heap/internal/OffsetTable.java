package io.leakscope.heap.internal;

import java.util.Arrays;

/**
 * File offsets of objects whose ids follow file order, so offsets only grow with the id.
 *
 * <p>Design note: each offset keeps its low 32 bits in an int; the high bits change only every 4 GB
 * of dump, so a short table records the first id of each 4 GB window. Memory: 4 bytes per object
 * plus 4 bytes per 4 GB of dump, instead of 8 bytes per object for a {@code long[]}.
 */
public final class OffsetTable {
  private int[] low;
  private final int size;
  private final int[] firstIdOfWindow; // window w starts at id firstIdOfWindow[w]

  /** Takes the offsets (in id order, non-decreasing) out of {@code offsets}, emptying it. */
  public OffsetTable(LongBigList offsets) {
    int n = (int) offsets.size();
    low = new int[n];
    size = n;
    int[] windows = new int[4];
    int w = 0;
    windows[0] = 0;
    long prev = 0;
    for (int i = 0; i < n; i++) {
      long off = offsets.get(i);
      if (off < prev) {
        throw new IllegalArgumentException("offsets must not decrease: " + off + " after " + prev);
      }
      prev = off;
      int high = (int) (off >>> 32);
      while (w < high) {
        w++;
        if (w == windows.length) {
          windows = Arrays.copyOf(windows, w * 2);
        }
        windows[w] = i;
      }
      low[i] = (int) off;
    }
    firstIdOfWindow = Arrays.copyOf(windows, w + 1);
    offsets.clear();
  }

  /** Number of objects. */
  public int size() {
    return size;
  }

  /** The low 32 bits of all offsets; with {@link #attachLow} lets a caller park them elsewhere. */
  public int[] detachLow() {
    int[] l = low;
    low = null;
    return l;
  }

  public void attachLow(int[] l) {
    low = l;
  }

  /** File offset of object {@code id}. */
  public long get(int id) {
    if (low == null) {
      throw new IllegalStateException("file offsets are parked while graph algorithms run");
    }
    int w = firstIdOfWindow.length - 1;
    while (firstIdOfWindow[w] > id) {
      w--;
    }
    return ((long) w << 32) | (low[id] & 0xffffffffL);
  }
}
