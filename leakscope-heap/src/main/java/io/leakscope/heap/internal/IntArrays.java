package io.leakscope.heap.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;

/** Writes and reads int and long arrays to and from a file channel through a 1 MB buffer. */
public final class IntArrays {
  private static final int CHUNK = 1 << 18; // ints per write

  private IntArrays() {}

  public static void write(FileChannel ch, int[] a) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(CHUNK * 4);
    IntBuffer ints = buf.asIntBuffer();
    for (int off = 0; off < a.length; off += CHUNK) {
      int k = Math.min(CHUNK, a.length - off);
      ints.clear();
      ints.put(a, off, k);
      buf.clear().limit(k * 4);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
    }
  }

  public static int[] read(FileChannel ch, int n) throws IOException {
    int[] a = new int[n];
    ByteBuffer buf = ByteBuffer.allocate(CHUNK * 4);
    IntBuffer ints = buf.asIntBuffer();
    for (int off = 0; off < n; off += CHUNK) {
      int k = Math.min(CHUNK, n - off);
      buf.clear().limit(k * 4);
      while (buf.hasRemaining()) {
        if (ch.read(buf) < 0) {
          throw new EOFException("temporary index file is shorter than written");
        }
      }
      ints.clear();
      ints.get(a, off, k);
    }
    return a;
  }

  /** Writes a long array through the same buffer size. */
  public static void writeLongs(FileChannel ch, long[] a) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(CHUNK * 4);
    LongBuffer longs = buf.asLongBuffer();
    int chunk = CHUNK / 2;
    for (int off = 0; off < a.length; off += chunk) {
      int k = Math.min(chunk, a.length - off);
      longs.clear();
      longs.put(a, off, k);
      buf.clear().limit(k * 8);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
    }
  }

  public static long[] readLongs(FileChannel ch, int n) throws IOException {
    long[] a = new long[n];
    ByteBuffer buf = ByteBuffer.allocate(CHUNK * 4);
    LongBuffer longs = buf.asLongBuffer();
    int chunk = CHUNK / 2;
    for (int off = 0; off < n; off += chunk) {
      int k = Math.min(chunk, n - off);
      buf.clear().limit(k * 8);
      while (buf.hasRemaining()) {
        if (ch.read(buf) < 0) {
          throw new EOFException("temporary index file is shorter than written");
        }
      }
      longs.clear();
      longs.get(a, off, k);
    }
    return a;
  }
}
