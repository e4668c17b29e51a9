package io.leakscope.analysis.internal.inspections;

import io.leakscope.heap.HeapClass;
import io.leakscope.hprof.HprofTag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A String's value array ({@code byte[]} or {@code char[]}): which object it is, a 64-bit hash of
 * its content, and its exact content.
 *
 * <p>Design note. The hash is murmur-style (MurmurHash3 x64's word round and its {@code fmix64}
 * finaliser) over little-endian 8-byte words, seeded with the element type and finished with the
 * length in bytes (the last word is padded with zeros, so the length is needed). The array is read
 * from the sweep's window when it is near: it is the String's neighbour in the dump nearly always
 * (a stray one costs a read of the other window). Arrays are read in chunks of {@link #CHUNK}.
 *
 * <p>Memory: nothing beyond the windows for a hash; {@link #content} copies the array (and makes a
 * String of it), which only the few runs shown as examples ask for.
 */
final class StringValueArrays {
  /** Bytes hashed per window request; a multiple of 8 so that words never straddle chunks. */
  static final int CHUNK = 64 * 1024;

  private StringValueArrays() {}

  /** The String's value array ({@code byte[]} or {@code char[]}), or -1. */
  static int valueArray(InspectionContext cx, int s) {
    for (int e = cx.g.firstEdge(s); e < cx.g.endEdge(s); e++) {
      int t = cx.g.target(e);
      HeapClass c = cx.classOfObject(t);
      if (c.elementType() == HprofTag.TYPE_BYTE || c.elementType() == HprofTag.TYPE_CHAR) {
        return t;
      }
    }
    return -1;
  }

  /** 64-bit hash of a primitive array's type, length and bytes. */
  static long hashArray(InspectionContext cx, int a) throws IOException {
    long offset = cx.index.offset(a);
    // the sweep's window when the array is its neighbour, else the window for stray reads
    DumpWindow w = cx.records.near(offset) ? cx.records : cx.arrays;
    int i = w.at(offset, cx.arrayHeader);
    if (w.u1(i) != HprofTag.PRIM_ARRAY_DUMP) {
      return a; // not readable as an array: a key of its own
    }
    int type = w.u1(i + cx.arrayHeader - 1);
    long bytes = (w.u4(i + cx.arrayHeader - 5) & 0xffffffffL) * HprofTag.valueSize(type, cx.idSize);
    long h = 0x243f6a8885a308d3L ^ (type * 0xff51afd7ed558ccdL);
    for (long done = 0; done < bytes; ) {
      int chunk = (int) Math.min(bytes - done, CHUNK);
      h = hash(h, w.buf, w.at(offset + cx.arrayHeader + done, chunk), chunk);
      done += chunk;
    }
    return fmix(h ^ bytes);
  }

  /** Murmur3-style rounds over little-endian 8-byte words of {@code b[from, from+len)}. */
  static long hash(long h, byte[] b, int from, int len) {
    int i = from;
    int end = from + len;
    for (; i + 8 <= end; i += 8) {
      h =
          round(
              h,
              (b[i] & 0xffL)
                  | (b[i + 1] & 0xffL) << 8
                  | (b[i + 2] & 0xffL) << 16
                  | (b[i + 3] & 0xffL) << 24
                  | (b[i + 4] & 0xffL) << 32
                  | (b[i + 5] & 0xffL) << 40
                  | (b[i + 6] & 0xffL) << 48
                  | (b[i + 7] & 0xffL) << 56);
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

  private static long round(long h, long w) {
    w *= 0x87c37b91114253d5L;
    w = Long.rotateLeft(w, 31);
    w *= 0x4cf5ad432745937fL;
    h ^= w;
    return Long.rotateLeft(h, 27) * 5 + 0x52dce729;
  }

  static long fmix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 33);
  }

  /** A value array's element type and bytes, as a String of ISO-8859-1 chars (one per byte). */
  static String content(InspectionContext cx, int a) throws IOException {
    DumpWindow w = cx.arrays;
    long offset = cx.index.offset(a);
    int i = w.at(offset, cx.arrayHeader);
    if (w.u1(i) != HprofTag.PRIM_ARRAY_DUMP) {
      return "?" + a;
    }
    int type = w.u1(i + cx.arrayHeader - 1);
    long length = w.u4(i + cx.arrayHeader - 5) & 0xffffffffL;
    byte[] b = new byte[Math.toIntExact(length * HprofTag.valueSize(type, cx.idSize))];
    for (int done = 0; done < b.length; ) {
      int chunk = Math.min(b.length - done, CHUNK);
      System.arraycopy(w.buf, w.at(offset + cx.arrayHeader + done, chunk), b, done, chunk);
      done += chunk;
    }
    return (char) type + new String(b, StandardCharsets.ISO_8859_1);
  }
}
