package io.leakscope.hprof;

import io.leakscope.hprof.internal.DumpSource;
import java.io.Closeable;
import java.io.IOException;

/**
 * Buffered big-endian reader over the uncompressed bytes of a dump, positioned anywhere.
 *
 * <p>Reads past the end of the dump throw {@link HprofFormatException} naming the offset and the
 * record being read (see {@link #context(String, long)}). Not thread-safe.
 */
public final class RecordInput implements Closeable {
  private final DumpSource source;
  private DumpSource.Stream stream;

  /**
   * How far into the file on disk the stream has read (compressed bytes for a gzip dump), or -1 if
   * it cannot say; see {@link DumpSource.Stream#filePosition()}.
   */
  public long filePosition() {
    return stream.filePosition();
  }

  private final int idSize;
  private final byte[] buf;
  private int pos;
  private int lim;
  private long bufStart;
  private boolean eof;
  private String context = "record";
  private long contextOffset;
  private int contextSubTag = -1;
  private long contextSubOffset;

  RecordInput(DumpSource source, long start, int idSize, int bufferSize) throws IOException {
    this.source = source;
    this.stream = source.openAt(start);
    this.idSize = idSize;
    this.buf = new byte[bufferSize];
    this.bufStart = start;
  }

  /** Names what is being read, for error messages. */
  public void context(String what, long offset) {
    this.context = what;
    this.contextOffset = offset;
    this.contextSubTag = -1;
  }

  /**
   * Names the heap-dump sub-record being read inside the current record. Cheap: called once per
   * heap object, the message is only composed when an error is thrown.
   */
  public void subContext(int tag, long offset) {
    this.contextSubTag = tag;
    this.contextSubOffset = offset;
  }

  /** The record (and sub-record) being read, for error messages. */
  String contextName() {
    return contextSubTag < 0
        ? context
        : context
            + " at 0x"
            + Long.toHexString(contextOffset)
            + ": "
            + HprofTag.subRecordName(contextSubTag);
  }

  long contextPosition() {
    return contextSubTag < 0 ? contextOffset : contextSubOffset;
  }

  public int idSize() {
    return idSize;
  }

  /** Offset of the next byte in the uncompressed dump. */
  public long position() {
    return bufStart + pos;
  }

  /** True if no byte is left. */
  public boolean atEnd() throws IOException {
    return !fill(1);
  }

  /** Makes at least {@code n} (at most the buffer size) bytes available; false at end of dump. */
  private boolean fill(int n) throws IOException {
    if (lim - pos >= n) {
      return true;
    }
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, lim - pos);
      bufStart += pos;
      lim -= pos;
      pos = 0;
    }
    while (lim < n && !eof) {
      int r = stream.read(buf, lim, buf.length - lim);
      if (r < 0) {
        eof = true;
      } else {
        lim += r;
      }
    }
    return lim >= n;
  }

  private void require(int n) throws IOException {
    if (lim - pos < n && !fill(n)) {
      throw truncated(n);
    }
  }

  HprofFormatException truncated(long wanted) {
    long dumpEnd = source.length() >= 0 ? source.length() : bufStart + lim;
    return HprofFormatException.truncated(
        contextPosition(),
        contextName(),
        "dump ends at 0x"
            + Long.toHexString(dumpEnd)
            + ", "
            + wanted
            + " more bytes expected at 0x"
            + Long.toHexString(position()),
        dumpEnd);
  }

  public int u1() throws IOException {
    require(1);
    return buf[pos++] & 0xff;
  }

  public int u2() throws IOException {
    require(2);
    int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
    pos += 2;
    return v;
  }

  public int u4() throws IOException {
    require(4);
    int v =
        ((buf[pos] & 0xff) << 24)
            | ((buf[pos + 1] & 0xff) << 16)
            | ((buf[pos + 2] & 0xff) << 8)
            | (buf[pos + 3] & 0xff);
    pos += 4;
    return v;
  }

  public long u8() throws IOException {
    require(8);
    byte[] b = buf;
    int p = pos;
    long v =
        ((b[p] & 0xffL) << 56)
            | ((b[p + 1] & 0xffL) << 48)
            | ((b[p + 2] & 0xffL) << 40)
            | ((b[p + 3] & 0xffL) << 32)
            | ((b[p + 4] & 0xffL) << 24)
            | ((b[p + 5] & 0xffL) << 16)
            | ((b[p + 6] & 0xffL) << 8)
            | (b[p + 7] & 0xffL);
    pos = p + 8;
    return v;
  }

  /** An identifier (object address) of {@link #idSize()} bytes, as an unsigned value. */
  public long id() throws IOException {
    if (idSize == 8) {
      return u8();
    }
    return u4() & 0xffffffffL;
  }

  /** Reads a value of basic type {@code type} as raw bits (floats as their IEEE bits). */
  public long value(int type) throws IOException {
    switch (type) {
      case HprofTag.TYPE_OBJECT:
        return id();
      case HprofTag.TYPE_BOOLEAN:
      case HprofTag.TYPE_BYTE:
        return (byte) u1();
      case HprofTag.TYPE_CHAR:
        return u2();
      case HprofTag.TYPE_SHORT:
        return (short) u2();
      case HprofTag.TYPE_FLOAT:
      case HprofTag.TYPE_INT:
        return u4();
      case HprofTag.TYPE_DOUBLE:
      case HprofTag.TYPE_LONG:
        return u8();
      default:
        throw new HprofFormatException(
            contextPosition(),
            contextName(),
            "unknown basic type " + type + " at 0x" + Long.toHexString(position() - 1));
    }
  }

  public void readFully(byte[] dst, int off, int len) throws IOException {
    while (len > 0) {
      if (lim == pos && !fill(1)) {
        throw truncated(len);
      }
      int n = Math.min(len, lim - pos);
      System.arraycopy(buf, pos, dst, off, n);
      pos += n;
      off += n;
      len -= n;
    }
  }

  /** Skips {@code n} bytes; throws if the dump ends first. */
  public void skip(long n) throws IOException {
    if (n <= lim - pos) {
      pos += (int) n; // the common case: skipping within the buffer
      return;
    }
    if (n > (lim - pos) + (1 << 20) && !source.compressed()) {
      // large skips (primitive array contents) reposition instead of reading through the bytes
      long target = position() + n;
      if (target > source.length()) {
        throw truncated(target - source.length());
      }
      stream.close();
      stream = source.openAt(target);
      bufStart = target;
      pos = 0;
      lim = 0;
      eof = false;
      return;
    }
    while (n > 0) {
      if (lim == pos && !fill(1)) {
        throw truncated(n);
      }
      int k = (int) Math.min(n, lim - pos);
      pos += k;
      n -= k;
    }
  }

  @Override
  public void close() throws IOException {
    stream.close();
  }
}
