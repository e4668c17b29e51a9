package io.leakscope.hprof;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The buffered, big-endian output of {@link HprofRedactor}: values copied back as read, runs of
 * zeros, and a count of bytes written (which must end equal to the input's length). Not
 * thread-safe.
 */
final class RedactedOutput {
  private final OutputStream out;
  private final byte[] buf = new byte[1 << 16];
  private int n;
  private long flushed;

  RedactedOutput(OutputStream out) {
    this.out = out;
  }

  long written() {
    return flushed + n;
  }

  void u1(int v) throws IOException {
    room(1);
    buf[n++] = (byte) v;
  }

  void u2(int v) throws IOException {
    room(2);
    buf[n++] = (byte) (v >>> 8);
    buf[n++] = (byte) v;
  }

  void u4(int v) throws IOException {
    room(4);
    buf[n++] = (byte) (v >>> 24);
    buf[n++] = (byte) (v >>> 16);
    buf[n++] = (byte) (v >>> 8);
    buf[n++] = (byte) v;
  }

  /** An identifier of {@code idSize} (4 or 8) bytes. */
  void id(long v, int idSize) throws IOException {
    if (idSize == 8) {
      u4((int) (v >>> 32));
    }
    u4((int) v);
  }

  void bytes(byte[] b, int off, int len) throws IOException {
    if (len >= buf.length) {
      flush();
      out.write(b, off, len);
      flushed += len;
      return;
    }
    room(len);
    System.arraycopy(b, off, buf, n, len);
    n += len;
  }

  void zeros(long count) throws IOException {
    while (count > 0) {
      if (n == buf.length) {
        flush();
      }
      int k = (int) Math.min(count, buf.length - n);
      Arrays.fill(buf, n, n + k, (byte) 0);
      n += k;
      count -= k;
    }
  }

  /** Writes out what is buffered; does not flush the underlying stream. */
  void flush() throws IOException {
    if (n > 0) {
      out.write(buf, 0, n);
      flushed += n;
      n = 0;
    }
  }

  private void room(int bytes) throws IOException {
    if (buf.length - n < bytes) {
      flush();
    }
  }
}
