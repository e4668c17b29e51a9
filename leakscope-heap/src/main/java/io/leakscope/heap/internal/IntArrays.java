package io.leakscope.heap.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
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

  /** Writes a long array as its two halves, high then low, each as an int array. */
  public static void writeLongs(FileChannel ch, long[] a) throws IOException {
    int[] half = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      half[i] = (int) (a[i] >>> 32);
    }
    write(ch, half);
    for (int i = 0; i < a.length; i++) {
      half[i] = (int) a[i];
    }
    write(ch, half);
  }

  public static long[] readLongs(FileChannel ch, int n) throws IOException {
    int[] high = read(ch, n);
    long[] a = new long[n];
    for (int i = 0; i < n; i++) {
      a[i] = (long) high[i] << 32;
    }
    int[] low = read(ch, n);
    for (int i = 0; i < n; i++) {
      a[i] |= low[i] & 0xffffffffL;
    }
    return a;
  }
}
