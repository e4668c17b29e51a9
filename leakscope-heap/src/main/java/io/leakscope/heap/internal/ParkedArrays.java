package io.leakscope.heap.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import org.jspecify.annotations.Nullable;

/**
 * Int arrays moved out of the Java heap into a temporary file while a phase that does not read them
 * runs, and read back one at a time when a later phase needs them.
 *
 * <p>Design note: a phase of the analysis holds a few per-object arrays (4 bytes per object each)
 * that only an earlier or a later phase reads; parking them lowers the peak of the phase in between
 * by that much, at the cost of one sequential write and one sequential read, which the page cache
 * usually serves without touching the disk. The file's pages are not mapped, so they do not count
 * in the process's resident set. If the file cannot be written (no temporary directory, a full
 * disk), the arrays simply stay in memory, held here: nothing is lost but the saving.
 *
 * <p>Not thread-safe. Closing deletes the file; arrays not read by then are gone.
 */
public final class ParkedArrays implements Closeable {
  private final @Nullable FileChannel file;
  private final long[] positions;
  private final int[] lengths;
  private final @Nullable int[][] kept; // the arrays themselves when they could not be written
  private final @Nullable IntFileReader[] readers; // of read(k, from, ...), made when first used

  private ParkedArrays(@Nullable FileChannel file, int[] lengths, @Nullable int[][] kept) {
    this.file = file;
    this.lengths = lengths;
    this.kept = kept;
    this.positions = new long[lengths.length];
    this.readers = new IntFileReader[lengths.length];
    for (int k = 1; k < lengths.length; k++) {
      positions[k] = positions[k - 1] + 4L * lengths[k - 1];
    }
  }

  /**
   * Arrays of the given lengths already written one after the other at the start of {@code file}.
   */
  static ParkedArrays inFile(FileChannel file, int... lengths) {
    return new ParkedArrays(file, lengths, null);
  }

  /** Arrays kept in memory, as when no file could be written. */
  static ParkedArrays kept(int[]... arrays) {
    return new ParkedArrays(null, lengthsOf(arrays), arrays);
  }

  private static int[] lengthsOf(int[][] arrays) {
    int[] lengths = new int[arrays.length];
    for (int k = 0; k < arrays.length; k++) {
      lengths[k] = arrays[k].length;
    }
    return lengths;
  }

  /** Parks the arrays; the caller should drop its references to them to free their memory. */
  public static ParkedArrays park(int[]... arrays) {
    int[] lengths = lengthsOf(arrays);
    FileChannel ch = null;
    try {
      ch = IntArrays.temporaryFile();
      for (int[] a : arrays) {
        IntArrays.write(ch, a);
      }
      return new ParkedArrays(ch, lengths, null);
    } catch (IOException | RuntimeException e) {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // nothing in it will be read
        }
      }
      return new ParkedArrays(null, lengths, arrays.clone());
    }
  }

  /**
   * An array written as it is made, element after element, for a phase that appends to an array it
   * does not read back: the array is never whole in memory. At most {@code capacity} elements.
   */
  public static Appender appender(long capacity) {
    return new Appender(capacity, true);
  }

  /** An appender with no limit but the 2^31 − 9 elements of one Java array. */
  public static Appender appender() {
    return new Appender(MAX_ARRAY_LENGTH, true);
  }

  /**
   * Appends ints to a temporary file through a 256 KB buffer; {@link #finish} turns them into one
   * parked array. If the file cannot be made or written, the elements go to a list in memory
   * instead (those already written are read back), and nothing is lost but the saving. Not
   * thread-safe.
   */
  public static final class Appender implements Closeable {
    private static final int BUFFER_INTS = 1 << 16;
    private final long capacity;
    private @Nullable FileChannel file;
    private final java.nio.ByteBuffer buffer;
    private final java.nio.IntBuffer ints;
    private @Nullable IntBigList memory; // grows by pages: nothing is allocated for the capacity
    private long size;

    private Appender(long capacity, boolean inFile) {
      this.capacity = capacity;
      this.buffer =
          java.nio.ByteBuffer.allocateDirect(4 * BUFFER_INTS)
              .order(java.nio.ByteOrder.nativeOrder());
      this.ints = buffer.asIntBuffer();
      try {
        file = inFile ? IntArrays.temporaryFile() : null;
      } catch (IOException | RuntimeException e) {
        file = null;
      }
      if (file == null) {
        memory = new IntBigList();
      }
    }

    /** An appender that keeps its elements in memory, as when no temporary file can be made. */
    static Appender inMemory(int capacity) {
      return new Appender(capacity, false);
    }

    /** Appends {@code value}. */
    public void add(int value) {
      if (size >= capacity) {
        throw new IllegalStateException("more than " + capacity + " elements");
      }
      IntBigList m = memory;
      if (m != null) {
        m.add(value);
        size++;
        return;
      }
      ints.put(value);
      size++;
      if (!ints.hasRemaining()) {
        flush();
      }
    }

    /** The number of elements appended. */
    public long size() {
      return size;
    }

    private void flush() {
      FileChannel ch = java.util.Objects.requireNonNull(file);
      buffer.clear().limit(4 * ints.position());
      try {
        while (buffer.hasRemaining()) {
          ch.write(buffer);
        }
        ints.clear();
      } catch (IOException | RuntimeException e) {
        toMemory(ch, size - ints.position());
      }
    }

    /** Moves to memory: the {@code written} elements in the file, then those in the buffer. */
    private void toMemory(FileChannel ch, long written) {
      IntBigList m = new IntBigList();
      IntFileReader file = new IntFileReader(ch, 0, written);
      int[] piece = new int[IntArrays.CHUNK_INTS];
      for (long first = 0; first < written; first += piece.length) {
        int count = (int) Math.min(piece.length, written - first);
        file.read(first, piece, 0, count);
        for (int j = 0; j < count; j++) {
          m.add(piece[j]);
        }
      }
      ints.flip();
      while (ints.hasRemaining()) {
        m.add(ints.get());
      }
      ints.clear();
      memory = m;
      file = null;
      try {
        ch.close();
      } catch (IOException ignored) {
        // its contents are in memory now
      }
    }

    /** The elements appended, as one parked array (read back with {@code read(0)} and the rest). */
    public ParkedArrays finish() {
      return finish(MAX_ARRAY_LENGTH);
    }

    /**
     * The elements appended, as parked arrays of {@code pieceLength} elements each (the last one
     * shorter; one empty array if none was appended), for more elements than one array holds.
     */
    public ParkedArrays finish(int pieceLength) {
      IntBigList m = memory;
      if (m == null && ints.position() > 0) {
        flush();
        m = memory;
      }
      if (m != null) {
        memory = null;
        return kept(m.toArrays(pieceLength));
      }
      FileChannel ch = java.util.Objects.requireNonNull(file);
      file = null;
      int[] lengths = new int[(int) Math.max(1, (size + pieceLength - 1) / pieceLength)];
      for (int k = 0; k < lengths.length; k++) {
        lengths[k] = (int) Math.min(pieceLength, size - (long) k * pieceLength);
      }
      return inFile(ch, lengths);
    }

    /** Deletes the file if {@link #finish} was not called. */
    @Override
    public void close() throws IOException {
      if (file != null) {
        file.close();
        file = null;
      }
    }
  }

  /**
   * Whether the arrays are in a file (rather than kept in memory because it could not be written).
   */
  public boolean inFile() {
    return file != null;
  }

  /** Array {@code k} (in the order parked), read back into a new array. */
  public int[] read(int k) throws IOException {
    int[][] inMemory = kept;
    if (inMemory != null) {
      int[] a = inMemory[k];
      inMemory[k] = null;
      return a;
    }
    int[] a = new int[lengths[k]];
    readInto(k, a);
    return a;
  }

  /** Every array, in the order parked, each read back into a new array. */
  public int[][] readAll() throws IOException {
    int[][] all = new int[lengths.length][];
    for (int k = 0; k < all.length; k++) {
      all[k] = read(k);
    }
    return all;
  }

  /** Array {@code k} (in the order parked), read back into {@code into}, of the same length. */
  public void readInto(int k, int[] into) throws IOException {
    if (into.length != lengths[k]) {
      throw new IllegalArgumentException(
          "array " + k + " has " + lengths[k] + " elements, not " + into.length);
    }
    int[][] inMemory = kept;
    if (inMemory != null) {
      System.arraycopy(inMemory[k], 0, into, 0, into.length);
      return;
    }
    FileChannel ch = java.util.Objects.requireNonNull(file);
    ch.position(positions[k]);
    IntArrays.readInto(ch, into);
  }

  /**
   * Elements {@code [from, from + count)} of array {@code k} into {@code into[offset ..]}, for a
   * phase that reads an array back in pieces in an order of its own (backwards, say).
   *
   * @throws java.io.UncheckedIOException if the file cannot be read
   */
  public void read(int k, long from, int[] into, int offset, int count) {
    int[][] inMemory = kept;
    if (inMemory != null) {
      System.arraycopy(inMemory[k], Math.toIntExact(from), into, offset, count);
      return;
    }
    IntFileReader r = readers[k];
    if (r == null) {
      r = readers[k] = reader(k);
    }
    r.read(from, into, offset, count);
  }

  /**
   * A reader of single elements of array {@code k} from the file, for phases that look at a few of
   * them; valid until this is closed.
   *
   * @throws IllegalStateException if the arrays are in memory ({@link #inFile()} is false)
   */
  public IntFileReader reader(int k) {
    return reader(k, k + 1);
  }

  /**
   * Array {@code k} (in the order parked), read back in pieces of at most {@value #CHUNK} elements,
   * in order, so that it can be spread into another layout without a second whole array.
   */
  public void readChunks(int k, IntArrays.IntChunkConsumer consumer) throws IOException {
    int[][] inMemory = kept;
    if (inMemory != null) {
      consumer.accept(0, inMemory[k], lengths[k]);
      return;
    }
    FileChannel ch = java.util.Objects.requireNonNull(file);
    ch.position(positions[k]);
    IntArrays.readChunks(ch, lengths[k], consumer);
  }

  /**
   * A reader of single elements of arrays {@code from .. to - 1} as if they were one array (they
   * are next to each other in the file): for the chunks of one column too long for an array.
   *
   * @throws IllegalStateException if the arrays are in memory ({@link #inFile()} is false)
   */
  public IntFileReader reader(int from, int to) {
    FileChannel ch = file;
    if (ch == null) {
      throw new IllegalStateException("the arrays are in memory, not in a file");
    }
    long length = 0;
    for (int k = from; k < to; k++) {
      length += lengths[k];
    }
    return new IntFileReader(ch, positions[from], length);
  }

  /** The number of arrays parked. */
  public int count() {
    return lengths.length;
  }

  /** The most elements of one Java array (HotSpot cannot allocate quite 2^31 − 1). */
  public static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

  /** Elements per piece of {@link #readChunks}: 1 MB. */
  public static final int CHUNK = IntArrays.CHUNK_INTS;

  @Override
  public void close() throws IOException {
    if (file != null) {
      file.close();
    }
  }
}
