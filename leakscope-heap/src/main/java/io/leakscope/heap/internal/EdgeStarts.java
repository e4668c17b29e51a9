package io.leakscope.heap.internal;

import java.util.Arrays;

/**
 * The edge starts of a graph in compressed sparse rows, a non-decreasing sequence of {@code long}
 * positions (one per object, and the end), in about 2.1 bytes per value instead of 4 or 8.
 *
 * <p>Design note. The values come in blocks of {@value #BLOCK} consecutive entries. Each block
 * keeps its first value as a {@code long}, and each entry its distance from it in 16 bits, two
 * entries to an {@code int} of {@link #packed()}. A block whose values span 65,536 or more (its
 * objects hold that many references: a big object array) keeps its {@value #BLOCK} values whole in
 * a side table instead; its {@code long} then holds the bitwise complement of its place there. So a
 * value costs 2 bytes, its block's base 8 / {@value #BLOCK} = 0.125, and the wide blocks 8 bytes
 * per entry, of which there are at most one per 65,536 references: at most 0.008 bytes per
 * reference. On a 30.6M-object dump that is 65 MB instead of the 122 MB of an {@code int[]}, on a
 * 227M-object dump 484 MB instead of 909 MB; and no ceiling at 2^32 references, which an {@code
 * int[]} of low words needs {@link HighSteps} for.
 *
 * <p>A lookup reads the block's base (an array 32 times smaller than the starts, mostly in cache)
 * and one {@code int}: about as fast as the one read of an {@code int[]}.
 *
 * <p>The packed distances are the bulk, and {@code int}s, so that a parked graph writes them to its
 * file as they are and reads them back one {@code int} at a time ({@link #value(int, int)}), while
 * the bases and the side table stay in memory. Immutable; safe to read from several threads.
 */
public final class EdgeStarts {
  /** Entries per block. */
  public static final int BLOCK = 64;

  private static final int BLOCK_BITS = 6;

  /** The widest span a block's distances hold. */
  private static final int MAX_DISTANCE = 0xFFFF;

  private final int count;
  private final long[] base;
  private final int[] packed;
  private final long[] whole;

  private EdgeStarts(int count, long[] base, int[] packed, long[] whole) {
    this.count = count;
    this.base = base;
    this.packed = packed;
    this.whole = whole;
  }

  /** Receives the values in order, to be compressed. */
  public static final class Builder {
    private final int count;
    private final long[] base;
    private final int[] packed;
    private long[] whole = new long[0];
    private int wholeBlocks;
    private final long[] block = new long[BLOCK];
    private int added;
    private long last;

    /** For {@code count} values. */
    public Builder(int count) {
      if (count < 0) {
        throw new IllegalArgumentException("count: " + count);
      }
      this.count = count;
      this.base = new long[(count + BLOCK - 1) >>> BLOCK_BITS];
      this.packed = new int[(count + 1) >>> 1];
    }

    /**
     * Adds the next value.
     *
     * @throws IllegalArgumentException if it is negative or smaller than the one before
     * @throws IllegalStateException if {@code count} values were added already
     */
    public void add(long value) {
      if (added == count) {
        throw new IllegalStateException("more than " + count + " values");
      }
      if (value < 0 || value < last) {
        throw new IllegalArgumentException("value " + value + " after " + last);
      }
      last = value;
      block[added & (BLOCK - 1)] = value;
      added++;
      if ((added & (BLOCK - 1)) == 0 || added == count) {
        flush();
      }
    }

    /** Stores the block that just filled (or the last, shorter one). */
    private void flush() {
      int first = (added - 1) & ~(BLOCK - 1);
      int length = added - first;
      int b = first >>> BLOCK_BITS;
      long start = block[0];
      if (block[length - 1] - start <= MAX_DISTANCE) {
        base[b] = start;
        for (int j = 0; j < length; j++) {
          int i = first + j;
          packed[i >>> 1] |= (int) (block[j] - start) << ((i & 1) << 4);
        }
        return;
      }
      if ((long) (wholeBlocks + 1) * BLOCK > ParkedArrays.MAX_ARRAY_LENGTH) {
        throw new IllegalStateException("too many blocks of more than 65,535 references");
      }
      if ((wholeBlocks + 1) * BLOCK > whole.length) {
        whole = Arrays.copyOf(whole, Math.max(4 * BLOCK, 2 * whole.length));
      }
      System.arraycopy(block, 0, whole, wholeBlocks * BLOCK, length);
      base[b] = ~(long) wholeBlocks;
      wholeBlocks++;
    }

    /**
     * The compressed values.
     *
     * @throws IllegalStateException if fewer than {@code count} were added
     */
    public EdgeStarts build() {
      if (added != count) {
        throw new IllegalStateException(added + " of " + count + " values added");
      }
      return new EdgeStarts(count, base, packed, Arrays.copyOf(whole, wholeBlocks * BLOCK));
    }
  }

  /** The number of values. */
  public int count() {
    return count;
  }

  /** Value {@code i}. */
  public long get(int i) {
    long b = base[i >>> BLOCK_BITS];
    if (b >= 0) {
      return b + ((packed[i >>> 1] >>> ((i & 1) << 4)) & MAX_DISTANCE);
    }
    return whole[(int) (~b << BLOCK_BITS) + (i & (BLOCK - 1))];
  }

  /** Value {@code i}, given element {@code i / 2} of {@link #packed()} (read from a file). */
  public long value(int i, int packedWord) {
    long b = base[i >>> BLOCK_BITS];
    if (b >= 0) {
      return b + ((packedWord >>> ((i & 1) << 4)) & MAX_DISTANCE);
    }
    return whole[(int) (~b << BLOCK_BITS) + (i & (BLOCK - 1))];
  }

  /**
   * The distances, two to an {@code int}: value i's in the low half of element i / 2 if i is even.
   */
  public int[] packed() {
    return packed;
  }

  /** The same values with their distances elsewhere (parked): only {@link #value} reads them. */
  public EdgeStarts withoutPacked() {
    return new EdgeStarts(count, base, new int[0], whole);
  }

  /** The same values with the distances given (as {@link #packed()} gave them). */
  public EdgeStarts withPacked(int[] distances) {
    if (distances.length != (count + 1) >>> 1) {
      throw new IllegalArgumentException(
          "distances: " + distances.length + " (expected: " + ((count + 1) >>> 1) + ")");
    }
    return new EdgeStarts(count, base, distances, whole);
  }

  /** Bytes held in memory. */
  public long memoryBytes() {
    return 8L * base.length + 4L * packed.length + 8L * whole.length;
  }
}
