package io.leakscope.analysis.internal.dominators;

import io.leakscope.heap.internal.IntArrays;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Fills predecessor lists ({@code preds[cursor[p]++] = i} for each reference of vertex i to vertex
 * p) in two steps, so that the writes into the lists stay in the cache: the pairs are first sorted
 * by p into buckets, in a temporary file, then each bucket's pairs are written into its lists.
 *
 * <h2>Design note</h2>
 *
 * <p>The lists are filled by a scan of the graph in id order, one list entry per reference. Written
 * directly, consecutive entries go to unrelated lists: each one is a cache miss on its own line of
 * the lists' array, which is 4 bytes per entry and far bigger than the cache. On a dump made mostly
 * of references (4M objects, 220M references, each object's list 55 long and filled one entry per
 * holding array) that took 10 of the analysis's 20 seconds, the scan of the same references to
 * count the lists less than one.
 *
 * <p>Here the vertices of the lists are cut into buckets of consecutive preorder numbers, about
 * {@value #BUCKET_ENTRIES} entries each (1 MB of lists, with their cursors well inside this
 * machine's 4 MB second-level cache), at most {@value #MAX_BUCKETS} buckets. Each pair (p, i) goes
 * to its bucket's block of {@value #BLOCK} pairs in memory; a full block is appended to a temporary
 * file (sequential writes). Then, bucket after bucket, its blocks are read back in the order they
 * were written and its pairs written into the lists, all within that bucket's megabyte. Each list
 * still receives its entries in the order of the scan, so the lists are exactly those of the direct
 * fill.
 *
 * <p>Memory: the blocks, 8 × {@value #BLOCK} bytes per bucket (at most 64 MB, 5 MB for the 30M
 * object benchmark dump's 153 buckets), and 4 bytes per block written to know its bucket. Disk: 8
 * bytes per entry, while the lists are filled; the file is deleted once they are. Without that room
 * in the temporary directory (and {@value #SPARE_MB} MB more), or if a block cannot be written, the
 * lists are filled directly. Time: one sequential write and one read of 8 bytes per entry, which
 * the page cache serves, instead of a cache miss per entry. Below {@value #MIN_ENTRIES} entries the
 * lists fit the cache well enough, and they are filled directly.
 *
 * <p>Not thread-safe.
 */
final class ScatterBuckets implements Closeable {
  /** Pairs per block: 32 KB, one positional read each when read back. */
  static final int BLOCK = 1 << 12;

  /** List entries per bucket, on average: 1 MB of lists. */
  static final int BUCKET_ENTRIES = 1 << 18;

  /** At most this many buckets: 64 MB of blocks in memory. */
  static final int MAX_BUCKETS = 1 << 11;

  /** Fewer list entries than this are filled directly. */
  static final long MIN_ENTRIES = 1L << 22;

  private final int lo;
  private final int shift;
  private final int buckets;
  private final long[] stage;
  private final int[] staged;
  private int[] blockBucket = new int[256];
  private int blocks;
  private final FileChannel file;
  private final ByteBuffer io;
  private final LongBuffer longs;

  /**
   * Buckets of {@code 2^shift} vertices from {@code lo}, {@code buckets} of them, staging in {@code
   * stage} ({@code buckets × BLOCK} pairs) and writing through {@code io} ({@code 8 × BLOCK} bytes)
   * to {@code file}; {@link #open} makes them (tests: a file that fails).
   */
  ScatterBuckets(int lo, int shift, int buckets, long[] stage, ByteBuffer io, FileChannel file) {
    this.lo = lo;
    this.shift = shift;
    this.buckets = buckets;
    this.stage = stage;
    this.staged = new int[buckets];
    this.io = io;
    this.longs = io.asLongBuffer();
    this.file = file;
  }

  /**
   * Buckets for the lists of vertices {@code lo .. hi - 1}, {@code entries} entries in all, or null
   * when they should be filled directly: too few entries or vertices for more than one bucket, or
   * no temporary file.
   */
  static @Nullable ScatterBuckets open(int lo, int hi, long entries) {
    return open(lo, hi, entries, MIN_ENTRIES, BUCKET_ENTRIES);
  }

  /** As {@link #open(int, int, long)}, with the thresholds given (tests: small graphs). */
  static @Nullable ScatterBuckets open(
      int lo, int hi, long entries, long minEntries, int bucketEntries) {
    int span = hi - lo;
    if (entries < minEntries || span < 2) {
      return null;
    }
    long wanted = Math.min(MAX_BUCKETS, Math.max(2, (entries + bucketEntries - 1) / bucketEntries));
    int perBucket = (int) Math.max(1, (span + wanted - 1) / wanted);
    int shift = 32 - Integer.numberOfLeadingZeros(perBucket - 1); // ceil(log2)
    int buckets = ((span - 1) >>> shift) + 1;
    if (buckets < 2 || !roomFor(8 * entries, entries >= MIN_ENTRIES)) {
      return null;
    }
    long[] stage;
    ByteBuffer io;
    try {
      // at the lists' peak, beside them: without the room, the lists are filled directly
      stage = new long[buckets * BLOCK];
      io = ByteBuffer.allocateDirect(8 * BLOCK).order(ByteOrder.nativeOrder());
    } catch (OutOfMemoryError noRoom) {
      return null;
    }
    try {
      return new ScatterBuckets(lo, shift, buckets, stage, io, IntArrays.temporaryFile());
    } catch (IOException | RuntimeException e) {
      return null; // no temporary file: the lists are filled directly
    }
  }

  /**
   * Whether the temporary directory has {@code bytes} free and, with {@code spare}, {@value
   * #SPARE_MB} MB besides: the other parked arrays, and other programs, need room too; without it
   * the lists are filled directly, which is slower but writes nothing.
   */
  private static boolean roomFor(long bytes, boolean spare) {
    return IntArrays.temporaryRoom() >= bytes + (spare ? SPARE_MB << 20 : 0);
  }

  /** Room left in the temporary directory beside the buckets' file. */
  static final long SPARE_MB = 256;

  /** The number of buckets. */
  int buckets() {
    return buckets;
  }

  /**
   * Adds the entry {@code i} to the list of vertex {@code p}, in {@code lo .. hi - 1}.
   *
   * @throws UncheckedIOException if a block cannot be written
   */
  void add(int p, int i) {
    int b = (p - lo) >>> shift;
    int k = staged[b];
    stage[b * BLOCK + k] = ((long) p << 32) | (i & 0xFFFF_FFFFL);
    if (++k == BLOCK) {
      flush(b);
      k = 0;
    }
    staged[b] = k;
  }

  private void flush(int b) {
    longs.clear();
    longs.put(stage, b * BLOCK, BLOCK);
    io.clear();
    long position = (long) blocks * BLOCK * 8;
    try {
      while (io.hasRemaining()) {
        position += file.write(io, position);
      }
    } catch (IOException | RuntimeException e) {
      // a full disk, or a channel closed under us: the caller fills the lists directly
      throw new UncheckedIOException(
          "temporary file of the predecessor lists",
          e instanceof IOException ioe ? ioe : new IOException(e));
    }
    if (blocks == blockBucket.length) {
      blockBucket = Arrays.copyOf(blockBucket, 2 * blocks);
    }
    blockBucket[blocks++] = b;
  }

  /**
   * Writes every pair added into the lists, bucket after bucket: {@code preds[cursor[p]++] = i}, in
   * the order they were added for each p.
   *
   * @throws IOException if the temporary file cannot be read
   */
  void scatter(int[] preds, int[] cursor) throws IOException {
    // the blocks of each bucket, in the order they were written
    int[] first = new int[buckets + 1];
    for (int k = 0; k < blocks; k++) {
      first[blockBucket[k] + 1]++;
    }
    for (int b = 0; b < buckets; b++) {
      first[b + 1] += first[b];
    }
    int[] next = Arrays.copyOf(first, buckets);
    int[] order = new int[blocks];
    for (int k = 0; k < blocks; k++) {
      order[next[blockBucket[k]]++] = k;
    }
    long[] block = new long[BLOCK];
    for (int b = 0; b < buckets; b++) {
      for (int j = first[b]; j < first[b + 1]; j++) {
        read(order[j], block);
        place(block, 0, BLOCK, preds, cursor);
      }
      place(stage, b * BLOCK, staged[b], preds, cursor);
    }
  }

  private void read(int k, long[] into) throws IOException {
    io.clear();
    long position = (long) k * BLOCK * 8;
    while (io.hasRemaining()) {
      int n = file.read(io, position);
      if (n < 0) {
        throw new IOException("the temporary file of the predecessor lists ended early");
      }
      position += n;
    }
    longs.clear();
    longs.get(into, 0, BLOCK);
  }

  private static void place(long[] pairs, int from, int count, int[] preds, int[] cursor) {
    for (int j = from; j < from + count; j++) {
      long pair = pairs[j];
      preds[cursor[(int) (pair >>> 32)]++] = (int) pair;
    }
  }

  /**
   * Deletes the temporary file. A failure to close it is not the lists' problem (they are complete
   * or not used): the file was deleted when it was made where the system allows it, and the JVM's
   * exit closes it.
   */
  @Override
  public void close() {
    try {
      file.close();
    } catch (IOException ignored) {
      // see above
    }
  }
}
