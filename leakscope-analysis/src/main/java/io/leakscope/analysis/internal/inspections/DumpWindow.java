package io.leakscope.analysis.internal.inspections;

import io.leakscope.hprof.HprofFile;
import io.leakscope.hprof.RecordInput;
import java.io.Closeable;
import java.io.IOException;

/**
 * A window of the dump's bytes for reading many small records: a request inside the window is an
 * array access; one outside refills it from there, skipping ahead on the open stream when the gap
 * is small and reopening otherwise (a reopened gzip dump inflates from the start of the member that
 * holds the offset; only a gzip dump that can only be read from its start is skipped through).
 * Reading objects in id order, which is file order, is thus one sequential pass.
 *
 * <p>Memory: one 256 KB buffer and the open stream's 64 KB buffer, per window. The inspections use
 * two (see {@link InspectionContext}).
 */
final class DumpWindow implements Closeable {
  private static final int SIZE = 256 * 1024;
  private static final int BACK = 4 * 1024;
  private static final int AHEAD = 64 * 1024;
  private final HprofFile file;
  private final int idSize;
  private RecordInput in;
  final byte[] buf = new byte[SIZE];
  private long start;
  private int length;

  DumpWindow(HprofFile file) {
    this.file = file;
    this.idSize = file.header().idSize();
  }

  /** Whether {@code offset} is in the window or a short way ahead of it. */
  boolean near(long offset) {
    return offset >= start && offset < start + length + AHEAD;
  }

  /**
   * Index in {@link #buf} of the byte at {@code offset}, with {@code need} (at most 64 KB) after
   * it. A refill keeps up to {@link #BACK} bytes before {@code offset} when it can: a String's
   * value array is often just before it.
   */
  int at(long offset, int need) throws IOException {
    if (offset >= start && offset + need <= start + length) {
      return (int) (offset - start);
    }
    long end = start + length;
    if (in != null && offset >= start && offset <= end && in.position() == end) {
      // a record across the window's end: keep it and what precedes it, read on
      long from = Math.max(start, offset - BACK);
      int keep = (int) (end - from);
      System.arraycopy(buf, (int) (from - start), buf, 0, keep);
      long left = file.length() < 0 ? offset + need - end : file.length() - end;
      int more = (int) Math.max(offset + need - end, Math.min(buf.length - keep, left));
      start = from;
      length = 0;
      in.readFully(buf, keep, more);
      length = keep + more;
      return (int) (offset - from);
    }
    long from = offset;
    if (in != null) {
      long p = in.position();
      if (file.readOn(p, offset)) {
        from = Math.max(p, offset - BACK);
        in.skip(from - p);
      } else {
        in.close();
        in = null;
      }
    }
    if (in == null) {
      in = file.open(from, 64 * 1024);
    }
    long left = file.length() < 0 ? offset + need - from : file.length() - from;
    int n = (int) Math.max(offset + need - from, Math.min(buf.length, left));
    start = from;
    length = 0; // stays empty if the read below fails
    in.readFully(buf, 0, n);
    length = n;
    return (int) (offset - from);
  }

  int u1(int i) {
    return buf[i] & 0xff;
  }

  int u4(int i) {
    return (buf[i] & 0xff) << 24
        | (buf[i + 1] & 0xff) << 16
        | (buf[i + 2] & 0xff) << 8
        | (buf[i + 3] & 0xff);
  }

  long id(int i) {
    if (idSize == 4) {
      return u4(i) & 0xffffffffL;
    }
    return (long) u4(i) << 32 | (u4(i + 4) & 0xffffffffL);
  }

  @Override
  public void close() throws IOException {
    if (in != null) {
      in.close();
      in = null;
    }
  }
}
