package io.leakscope.heap.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A 64-bit hash of a primitive array's element type, length and bytes, for grouping equal Strings
 * without comparing their texts.
 *
 * <p>Design note. Murmur-style: MurmurHash3 x64's word round over little-endian 8-byte words,
 * seeded with the element type, finished with the length in bytes and {@code fmix64} (the last word
 * is padded with zeros, so the length is needed). A hash may be fed in pieces ({@link #update}) as
 * long as every piece but the last is a multiple of 8 bytes long. It is never 0: 0 means "not
 * hashed" in {@link io.leakscope.heap.HeapIndex#contentHash}'s table.
 */
public final class ContentHash {
  private static final VarHandle WORDS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private ContentHash() {}

  /** The state before the first byte of an array of {@code type} (an HPROF basic type). */
  public static long start(int type) {
    return 0x243f6a8885a308d3L ^ (type * 0xff51afd7ed558ccdL);
  }

  /** Hashes {@code b[from, from+len)} into {@code h}. */
  public static long update(long h, byte[] b, int from, int len) {
    int i = from;
    int end = from + len;
    for (; i + 8 <= end; i += 8) {
      h = round(h, (long) WORDS.get(b, i));
    }
    if (i < end) {
      long w = 0;
      for (int j = end - 1; j >= i; j--) {
        w = (w << 8) | (b[j] & 0xffL);
      }
      h = round(h, w);
    }
    return h;
  }

  /** The hash of an array of {@code bytes} bytes whose content made state {@code h}; never 0. */
  public static long finish(long h, long bytes) {
    long f = fmix(h ^ bytes);
    return f == 0 ? 1 : f;
  }

  private static long round(long h, long w) {
    w *= 0x87c37b91114253d5L;
    w = Long.rotateLeft(w, 31);
    w *= 0x4cf5ad432745937fL;
    h ^= w;
    return Long.rotateLeft(h, 27) * 5 + 0x52dce729;
  }

  /** MurmurHash3's 64-bit finaliser, a bijection. */
  public static long fmix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 33);
  }
}
