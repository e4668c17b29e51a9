package io.leakscope.analysis.internal.inspections;

/**
 * A fixed-size bit set, for marks over object ids or hash buckets.
 *
 * <p>Memory: one bit per index ({@code bits / 8} bytes, in longs), allocated once; no growth and no
 * bounds checks beyond the array's own.
 */
final class Bits {
  private final long[] words;

  Bits(int bits) {
    words = new long[(bits + 63) >>> 6];
  }

  boolean get(int i) {
    return (words[i >>> 6] & (1L << i)) != 0;
  }

  void set(int i) {
    words[i >>> 6] |= 1L << i;
  }

  void clear(int i) {
    words[i >>> 6] &= ~(1L << i);
  }
}
