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
 * <p>Memory, in bytes: 8 per {@code byte[]} or {@code char[]}; per object 1/8 (which are such
 * arrays) + 1/16 (the counts) + 1/8 (UTF-16 Strings), about 0.31. The hashes are parked with the
 * offsets and sizes while the dominator tree is computed ({@link HeapIndex#parkObjectData()}), and
 * stay in the file until the first String asks for them.
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

  ContentHashes(int[] cls, HeapClass[] classes) {
    int n = cls.length;
    hashable = new long[(n + 63) >>> 6];
    utf16 = new long[hashable.length];
    rankBefore = new int[hashable.length + 1];
    int count = 0;
    for (int i = 0; i < n; i++) {
      if ((i & 63) == 0) {
        rankBefore[i >>> 6] = count;
      }
      int t = classes[cls[i]].elementType;
      if (t == HprofTag.TYPE_BYTE || t == HprofTag.TYPE_CHAR) {
        hashable[i >>> 6] |= 1L << i;
        count++;
      }
    }
    rankBefore[hashable.length] = count;
    this.count = count;
    hashes = new long[count];
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
