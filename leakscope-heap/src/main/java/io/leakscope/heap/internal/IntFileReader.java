package io.leakscope.heap.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads single ints of an array that {@link IntArrays#write} wrote to a file, through a cache of
 * one 64 KB block, for phases that look at a few elements of a parked array rather than scan it.
 *
 * <p>Memory: 64 KB, whatever the array's length. Thread-safe (reads are serialized).
 */
public final class IntFileReader {
  private static final int BLOCK_INTS = 1 << 14;

  private final FileChannel file;
  private final long position;
  private final long length;
  private final ByteBuffer bytes =
      ByteBuffer.allocateDirect(4 * BLOCK_INTS).order(ByteOrder.nativeOrder());
  private final IntBuffer ints = bytes.asIntBuffer();
  private long blockStart = -1;

  /**
   * @param file the file; closed by its owner, not here
   * @param position where the array starts in the file
   * @param length the array's number of elements
   */
  public IntFileReader(FileChannel file, long position, long length) {
    this.file = file;
    this.position = position;
    this.length = length;
  }

  /**
   * Element {@code i}.
   *
   * @throws IndexOutOfBoundsException if {@code i} is not in {@code [0, length)}
   * @throws UncheckedIOException if the file cannot be read
   */
  public synchronized int get(long i) {
    if (i < 0 || i >= length) {
      throw new IndexOutOfBoundsException("index " + i + " of " + length);
    }
    long block = i - i % BLOCK_INTS;
    if (block != blockStart) {
      blockStart = -1;
      fill(block, (int) Math.min(BLOCK_INTS, length - block));
      blockStart = block;
    }
    return ints.get((int) (i - block));
  }

  /**
   * Elements {@code [from, from + count)} into {@code into[offset .. offset + count)}: a scan of
   * the parked array in pieces, one positional read per 64 KB.
   *
   * @throws IndexOutOfBoundsException if the range is not within the array or {@code into}
   * @throws UncheckedIOException if the file cannot be read
   */
  public synchronized void read(long from, int[] into, int offset, int count) {
    if (from < 0 || count < 0 || from + count > length) {
      throw new IndexOutOfBoundsException("elements " + from + " + " + count + " of " + length);
    }
    java.util.Objects.checkFromIndexSize(offset, count, into.length);
    blockStart = -1; // the buffer is reused below
    for (int done = 0; done < count; ) {
      int k = Math.min(BLOCK_INTS, count - done);
      fill(from + done, k);
      ints.clear();
      ints.get(into, offset + done, k);
      done += k;
    }
  }

  /** Reads elements {@code [first, first + count)} (at most a block) into the buffer. */
  private void fill(long first, int count) {
    bytes.clear().limit(4 * count);
    try {
      long at = position + 4 * first;
      while (bytes.hasRemaining()) {
        if (file.read(bytes, at + bytes.position()) < 0) {
          throw new java.io.EOFException("temporary index file is shorter than written");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading a parked array from its temporary file", e);
    }
  }
}
