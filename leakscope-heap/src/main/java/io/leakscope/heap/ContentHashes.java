package io.leakscope.heap;

import io.leakscope.heap.internal.IntArrays;
import io.leakscope.hprof.HprofTag;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * What the index keeps of Strings' contents: a content hash ({@link
 * io.leakscope.heap.internal.ContentHash}) of every {@code byte[]} and {@code char[]} up to {@link
 * #MAX_HASHED_BYTES}, and which {@code java.lang.String}s are UTF-16 ({@code coder == 1}).
 *
 * <p>Design note. Both are made in pass 2 of the index build, which reads every record anyway, so
 * the duplicate-strings inspection groups Strings without reading one of them again. A String's
 * value array may come before or after it in the dump, so pass 2 cannot know which arrays are value
 * arrays when it meets them: it hashes every {@code byte[]} and {@code char[]} below the cap
 * (longer ones, rare as Strings, are hashed from the dump when asked). The hashes are stored in id
 * order of those arrays; an array's place in that order is its rank among them, found in constant
 * time from a bit per object and a count per 64 objects.
 *
 * <p>Memory, in bytes: per object 1/8 (which are such arrays) + 1/16 (the counts) + 1/8 (UTF-16
 * Strings), about 0.31; and 8 per {@code byte[]} or {@code char[]} from the first String's question
 * on (the inspections), until the duplicate-strings keys are made. Pass 2 appends the hashes to a
 * temporary file as it makes them ({@link #put}), in rank order, so they are never in memory during
 * the build nor in the phases before the inspections: on a generated dump of 100M {@code byte[]}
 * among 200M objects they were 800 MB of the 3.5 GB that the end of the build held. If no temporary
 * file can be written, they are kept in memory, and {@link HeapIndex#parkObjectData()} parks them
 * while the dominator tree is computed.
 */
final class ContentHashes {
  /** Arrays longer than this are hashed from the dump when asked, not during the build. */
  static final int MAX_HASHED_BYTES = 4096;

  private final long[] hashable;
  private final int[] rankBefore;
  private final long[] utf16;

  /** What {@link #hashes} holds while they are parked in a file. */
  static final long[] PARKED = new long[0];

  /**
   * Per hashable array in id order: its hash, or 0 if it was not hashed (too long, no data); {@link
   * #PARKED} while parked.
   */
  volatile long[] hashes;

  private java.nio.channels.@Nullable FileChannel parkedFile;
  private long parkedAt;
  private int count;

  /** Pass 2's hashes on their way to a temporary file, in rank order; null when kept in memory. */
  private @Nullable HashFile writing;

  ContentHashes(ClassColumn cls, HeapClass[] classes) {
    int n = cls.size();
    hashable = new long[(n + 63) >>> 6];
    utf16 = new long[hashable.length];
    rankBefore = new int[hashable.length + 1];
    int count = 0;
    for (int i = 0; i < n; i++) {
      if ((i & 63) == 0) {
        rankBefore[i >>> 6] = count;
      }
      int t = classes[cls.get(i)].elementType;
      if (t == HprofTag.TYPE_BYTE || t == HprofTag.TYPE_CHAR) {
        hashable[i >>> 6] |= 1L << i;
        count++;
      }
    }
    rankBefore[hashable.length] = count;
    this.count = count;
    writing = HashFile.open();
    hashes = writing != null ? PARKED : new long[count];
  }

  /**
   * Pass 2: the hash of the array of rank {@code rank}. Ranks come in increasing order; those never
   * given (too long to hash, or without data) have hash 0.
   */
  void put(int rank, long hash) {
    HashFile w = writing;
    if (w == null) {
      hashes[rank] = hash;
    } else if (!w.put(rank, hash)) {
      writing = null; // the file could not be written: on in memory, with what it held
      hashes = w.toMemory(count);
      hashes[rank] = hash;
    }
  }

  /**
   * Pass 2 is done: the hashes stay in their file until the first String asks for them. If the file
   * cannot be finished, they come into memory as when no file could be made.
   */
  void passDone() {
    HashFile w = writing;
    if (w == null) {
      return;
    }
    writing = null;
    java.nio.channels.FileChannel f = w.finish(count);
    if (f != null) {
      parkedIn(f, 0, count);
    } else {
      hashes = w.toMemory(count);
    }
  }

  /**
   * A temporary file of hashes written in rank order through a 64 KB buffer, zeros for the ranks
   * skipped.
   */
  static final class HashFile {
    final java.nio.channels.FileChannel file;
    private final java.nio.ByteBuffer buffer =
        java.nio.ByteBuffer.allocateDirect(1 << 16).order(java.nio.ByteOrder.nativeOrder());
    private long next; // the rank of the next hash written

    HashFile(java.nio.channels.FileChannel file) {
      this.file = file;
    }

    static @Nullable HashFile open() {
      try {
        return new HashFile(IntArrays.temporaryFile());
      } catch (IOException | RuntimeException e) {
        return null;
      }
    }

    /** Writes zeros up to {@code rank}, then {@code hash}; false if the file failed. */
    boolean put(long rank, long hash) {
      try {
        while (next < rank) {
          append(0);
        }
        append(hash);
        return true;
      } catch (IOException | RuntimeException e) {
        return false;
      }
    }

    private void append(long value) throws IOException {
      if (!buffer.hasRemaining()) {
        flush();
      }
      buffer.putLong(value);
      next++;
    }

    private void flush() throws IOException {
      buffer.flip();
      while (buffer.hasRemaining()) {
        file.write(buffer);
      }
      buffer.clear();
    }

    /** Pads to {@code count} hashes and flushes: the file, or null if that failed (closed). */
    java.nio.channels.@Nullable FileChannel finish(int count) {
      if (put(count, 0)) { // one past the last: pads, and the extra zero is never read
        try {
          flush();
          return file;
        } catch (IOException | RuntimeException e) {
          // below
        }
      }
      return null;
    }

    /**
     * After a failed write: the hashes the file holds whole, in an array of {@code count}; the file
     * is closed. The rest (the buffer's, which a failed write may have left half written) stay 0:
     * those Strings are hashed from the dump when asked, as arrays too long to hash are.
     */
    long[] toMemory(int count) {
      long[] a = new long[count];
      try (file) {
        long written = file.position() / 8;
        file.position(0);
        long[] head = IntArrays.readLongs(file, (int) Math.min(written, count));
        System.arraycopy(head, 0, a, 0, head.length);
      } catch (IOException | RuntimeException e) {
        // zeros: hashed from the dump when asked
      }
      return a;
    }
  }

  /**
   * The hashes were parked at {@code position} of {@code file}: they are read back when first asked
   * for, and the file is closed then (or by {@link #close}).
   */
  synchronized void parkedIn(java.nio.channels.FileChannel file, long position, int n) {
    parkedFile = file;
    parkedAt = position;
    count = n;
  }

  private synchronized long[] unpark() throws IOException {
    java.nio.channels.FileChannel f = parkedFile;
    if (hashes == PARKED && f != null) {
      try {
        f.position(parkedAt);
        hashes = IntArrays.readLongs(f, count);
      } finally {
        parkedFile = null;
        f.close();
      }
    }
    return hashes;
  }

  /** Frees the hashes, parked or not: {@link #hash} is 0 for every array from then on. */
  synchronized void drop() throws IOException {
    hashes = new long[0];
    close();
  }

  synchronized void close() throws IOException {
    java.nio.channels.FileChannel f = parkedFile;
    parkedFile = null;
    if (f != null) {
      f.close();
    }
    HashFile w = writing; // a build that failed during pass 2
    writing = null;
    if (w != null) {
      w.file.close();
    }
  }

  /** The place of array {@code id}'s hash in {@link #hashes}, or -1 if it is not hashed. */
  int rank(int id) {
    long word = hashable[id >>> 6];
    long bit = 1L << id;
    if ((word & bit) == 0) {
      return -1;
    }
    return rankBefore[id >>> 6] + Long.bitCount(word & (bit - 1));
  }

  /** The stored hash of array {@code id}, or 0 if it has none. */
  long hash(int id) throws IOException {
    int r = rank(id);
    if (r < 0) {
      return 0;
    }
    long[] h = hashes;
    if (h == PARKED) {
      h = unpark();
    }
    return r < h.length ? h[r] : 0;
  }

  /**
   * As {@link #hash}, but without bringing parked hashes into memory: one positional read of their
   * file per call. For a caller that asks for a bounded number of hashes before the inspections
   * (which then load them all).
   */
  long peek(int id) throws IOException {
    int r = rank(id);
    if (r < 0) {
      return 0;
    }
    long[] h = hashes;
    if (h != PARKED) {
      return r < h.length ? h[r] : 0;
    }
    synchronized (this) {
      java.nio.channels.FileChannel f = parkedFile;
      if (f == null) {
        long[] now = hashes; // unparked or dropped meanwhile
        return now != PARKED && r < now.length ? now[r] : 0;
      }
      java.nio.ByteBuffer b =
          java.nio.ByteBuffer.allocate(Long.BYTES).order(java.nio.ByteOrder.nativeOrder());
      long at = parkedAt + (long) r * Long.BYTES;
      while (b.hasRemaining()) {
        if (f.read(b, at + b.position()) < 0) {
          return 0;
        }
      }
      return b.getLong(0);
    }
  }

  void setUtf16(int id) {
    utf16[id >>> 6] |= 1L << id;
  }

  boolean utf16(int id) {
    return (utf16[id >>> 6] & (1L << id)) != 0;
  }

  long memoryBytes() {
    return 8L * (hashable.length + utf16.length + hashes.length) + 4L * rankBefore.length;
  }
}
