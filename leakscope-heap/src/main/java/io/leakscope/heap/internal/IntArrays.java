package io.leakscope.heap.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Writes and reads int and long arrays to and from a file channel through a 1 MB buffer. */
public final class IntArrays {
  private static final int BUFFER_BYTES = 1 << 20;

  private IntArrays() {}

  /** Copies elements {@code [off, off+k)} between an array and the buffer. */
  private interface Chunk {
    void copy(ByteBuffer buf, int off, int k);
  }

  public static void write(FileChannel ch, int[] a) throws IOException {
    write(ch, a.length, 4, (buf, off, k) -> buf.asIntBuffer().put(a, off, k));
  }

  public static void writeLongs(FileChannel ch, long[] a) throws IOException {
    write(ch, a.length, 8, (buf, off, k) -> buf.asLongBuffer().put(a, off, k));
  }

  public static int[] read(FileChannel ch, int n) throws IOException {
    int[] a = new int[n];
    read(ch, n, 4, (buf, off, k) -> buf.asIntBuffer().get(a, off, k));
    return a;
  }

  public static long[] readLongs(FileChannel ch, int n) throws IOException {
    long[] a = new long[n];
    read(ch, n, 8, (buf, off, k) -> buf.asLongBuffer().get(a, off, k));
    return a;
  }

  private static void write(FileChannel ch, int n, int elementBytes, Chunk fill)
      throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(BUFFER_BYTES);
    int chunk = BUFFER_BYTES / elementBytes;
    for (int off = 0; off < n; off += chunk) {
      int k = Math.min(chunk, n - off);
      buf.clear();
      fill.copy(buf, off, k);
      buf.clear().limit(k * elementBytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
    }
  }

  private static void read(FileChannel ch, int n, int elementBytes, Chunk drain)
      throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(BUFFER_BYTES);
    int chunk = BUFFER_BYTES / elementBytes;
    for (int off = 0; off < n; off += chunk) {
      int k = Math.min(chunk, n - off);
      buf.clear().limit(k * elementBytes);
      while (buf.hasRemaining()) {
        if (ch.read(buf) < 0) {
          throw new EOFException("temporary index file is shorter than written");
        }
      }
      buf.clear();
      drain.copy(buf, off, k);
    }
  }
}
