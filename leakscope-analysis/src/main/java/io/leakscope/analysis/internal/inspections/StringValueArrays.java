package io.leakscope.analysis.internal.inspections;

import io.leakscope.heap.HeapClass;
import io.leakscope.hprof.HprofTag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A String's value array ({@code byte[]} or {@code char[]}): which object it is and its exact
 * content (its hash is the index's, {@link io.leakscope.heap.HeapIndex#contentHash}).
 *
 * <p>Memory: {@link #content} copies the array (and makes a String of it), which only the few runs
 * shown as examples ask for. Arrays are read in chunks of {@link #CHUNK} through the window for
 * stray reads.
 */
final class StringValueArrays {
  /** Bytes copied per window request. */
  static final int CHUNK = 64 * 1024;

  private StringValueArrays() {}

  /** The String's value array ({@code byte[]} or {@code char[]}), or -1. */
  static int valueArray(InspectionContext cx, int s) {
    long end = cx.g.endEdge(s);
    for (long e = cx.g.firstEdge(s); e < end; e++) {
      int t = cx.g.target(e);
      HeapClass c = cx.classOfObject(t);
      if (c.elementType() == HprofTag.TYPE_BYTE || c.elementType() == HprofTag.TYPE_CHAR) {
        return t;
      }
    }
    return -1;
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
