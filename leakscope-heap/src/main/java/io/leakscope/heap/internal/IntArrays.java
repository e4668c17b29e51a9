package io.leakscope.heap.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Writes and reads int and long arrays to and from a file channel through a 1 MB buffer, to park
 * per-object arrays outside the Java heap while a phase that does not read them runs.
 */
public final class IntArrays {
  private static final int BUFFER_BYTES = 1 << 20;

  private IntArrays() {}

  /**
   * A new temporary file, open for reading and writing, deleted when closed and by the OS when the
   * process dies, so that no file is left behind.
   */
  public static FileChannel temporaryFile() throws IOException {
    java.nio.file.Path tmp = java.nio.file.Files.createTempFile("leakscope-index", ".tmp");
    try {
      return FileChannel.open(
          tmp,
          java.nio.file.StandardOpenOption.READ,
          java.nio.file.StandardOpenOption.WRITE,
          java.nio.file.StandardOpenOption.DELETE_ON_CLOSE);
    } catch (IOException | RuntimeException e) {
      java.nio.file.Files.deleteIfExists(tmp);
      throw e;
    }
  }

  /**
   * The bytes free where {@link #temporaryFile} makes its files (the JVM's temporary directory), or
   * -1 if that cannot be told.
   */
  public static long temporaryRoom() {
    try {
      return java.nio.file.Files.getFileStore(
              java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))
          .getUsableSpace();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

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

  public static void writeBytes(FileChannel ch, byte[] a) throws IOException {
    write(ch, a.length, 1, (buf, off, k) -> buf.put(a, off, k));
  }

  public static byte[] readBytes(FileChannel ch, int n) throws IOException {
    byte[] a = new byte[n];
    read(ch, n, 1, (buf, off, k) -> buf.get(a, off, k));
    return a;
  }

  public static int[] read(FileChannel ch, int n) throws IOException {
    int[] a = new int[n];
    readInto(ch, a);
    return a;
  }

  /** Receives an int array read back piece by piece. */
  @FunctionalInterface
  public interface IntChunkConsumer {
    /** Elements {@code [first, first + count)} of the array are {@code chunk[0 .. count)}. */
    void accept(int first, int[] chunk, int count);
  }

  /** Ints per piece of {@link #readChunks}: one buffer's worth, 1 MB. */
  public static final int CHUNK_INTS = BUFFER_BYTES / 4;

  /**
   * Reads {@code n} ints from the channel's position, in order, in pieces of at most {@link
   * #CHUNK_INTS} through one buffer and one piece array, so that they can be spread into another
   * layout without a second whole array.
   */
  public static void readChunks(FileChannel ch, int n, IntChunkConsumer consumer)
      throws IOException {
    int[] chunk = new int[Math.min(CHUNK_INTS, n)];
    read(
        ch,
        n,
        4,
        (buf, off, k) -> {
          buf.asIntBuffer().get(chunk, 0, k);
          consumer.accept(off, chunk, k);
        });
  }

  /** Fills all of {@code a} from the channel's position. */
  public static void readInto(FileChannel ch, int[] a) throws IOException {
    read(ch, a.length, 4, (buf, off, k) -> buf.asIntBuffer().get(a, off, k));
  }

  public static long[] readLongs(FileChannel ch, int n) throws IOException {
    long[] a = new long[n];
    read(ch, n, 8, (buf, off, k) -> buf.asLongBuffer().get(a, off, k));
    return a;
  }

  /**
   * A direct buffer in the machine's byte order: the channel reads and writes it without another
   * copy, and the int and long views copy to and from arrays without swapping bytes (a heap buffer
   * in big-endian order read back at about 300 MB/s, a third of the speed). The files are only ever
   * read by the same process, so their byte order does not matter.
   */
  private static ByteBuffer buffer() {
    return ByteBuffer.allocateDirect(BUFFER_BYTES).order(java.nio.ByteOrder.nativeOrder());
  }

  private static void write(FileChannel ch, int n, int elementBytes, Chunk fill)
      throws IOException {
    ByteBuffer buf = buffer();
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
    ByteBuffer buf = buffer();
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
