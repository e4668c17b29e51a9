package io.leakscope.heap.internal;

import java.util.Arrays;

/**
 * Maps object addresses to dense ids (ids are the objects' order in the file).
 *
 * <p>Design note. A hash map from long to int costs 16-24 bytes per object; instead each object
 * becomes one {@code long} key that packs its address (relative to the lowest address, shifted by
 * the alignment all addresses share) above its id, and the keys are sorted in place ({@link
 * NearlySorted}: a dump lists its objects in address order but for its class objects, and {@link
 * Arrays#sort(long[])} would merge those runs through buffers of up to 8 bytes per object). A
 * lookup finds the address's bucket in a small directory (one int per 4 objects: the heap's address
 * range split into equal buckets) and binary-searches inside it, so lookups cost one or two cache
 * misses. Memory: 8 bytes per object + 1 byte per object for the directory. When the address range
 * is too wide to pack (more than 2<sup>63</sup> / objects), the fallback keeps the sorted addresses
 * and a parallel id array: 12 bytes per object.
 *
 * <p>The keys are packed into the caller's address array itself rather than into a copy: the
 * builder has no other use for the addresses, and a copy would hold 16 bytes per object at once,
 * which was the peak of the whole index build.
 */
public final class AddressIndex {
  private final long base;
  private final int shift;
  private final int idBits;
  private final long idMask;
  private final long[] keys; // packed (rel << idBits | id), or plain sorted addresses in fallback
  private final int[] ids; // null unless fallback
  private final int[] directory;
  private final int dirShift;
  private final long maxRel;

  /**
   * Builds the index; {@code addresses[i]} is the address of object i. Takes the array over: it
   * becomes the index's keys, and the caller must neither read nor modify it afterwards.
   */
  public AddressIndex(long[] addresses) {
    int n = addresses.length;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (long a : addresses) {
      min = Math.min(min, a);
      max = Math.max(max, a);
    }
    if (n == 0) {
      min = max = 0;
    }
    long or = 0;
    for (long a : addresses) {
      or |= a - min;
    }
    this.base = min;
    this.shift = or == 0 ? 0 : Math.min(Long.numberOfTrailingZeros(or), 32);
    this.idBits = Math.max(1, 64 - Long.numberOfLeadingZeros(Math.max(1, n - 1)));
    this.idMask = (1L << idBits) - 1;
    long span = (max - min) >>> shift;
    int spanBits = 64 - Long.numberOfLeadingZeros(span);
    this.maxRel = span;
    if (spanBits + idBits <= 63) {
      keys = addresses;
      for (int i = 0; i < n; i++) {
        keys[i] = (((addresses[i] - min) >>> shift) << idBits) | i;
      }
      NearlySorted.sort(keys);
      ids = null;
    } else {
      keys = addresses;
      ids = sortWithIds(keys);
    }
    // directory over the relative address range
    int buckets = Math.max(1, n / 4);
    int ds = 0;
    while (Long.compareUnsigned(span >>> ds, buckets) >= 0) {
      ds++;
    }
    this.dirShift = ds;
    int nb = (int) (span >>> ds) + 1;
    directory = new int[nb + 1];
    int k = 0;
    for (int b = 0; b <= nb; b++) {
      while (k < n && Long.compareUnsigned(rel(k) >>> ds, b) < 0) {
        k++;
      }
      directory[b] = k;
    }
  }

  private long rel(int k) {
    return ids == null ? keys[k] >>> idBits : (keys[k] - base) >>> shift;
  }

  /** Number of objects. */
  public int size() {
    return keys.length;
  }

  /** The id of the object at {@code address}, or -1 if there is none. */
  public int find(long address) {
    if (!mayHold(address)) {
      return -1;
    }
    long r = (address - base) >>> shift;
    int bucket = (int) (r >>> dirShift);
    return search(directory[bucket], directory[bucket + 1], r);
  }

  /**
   * The ids of {@code addresses[0..count)} into {@code out[0..count)}, -1 where there is none: the
   * same as {@link #find} for each, in two sweeps. The first finds every address's bucket in the
   * directory, the second searches the buckets; the loads of one sweep do not depend on each other,
   * so the processor can overlap their cache misses.
   *
   * @param bucketEnds scratch of at least {@code count} ints
   */
  public void findAll(long[] addresses, int count, int[] out, int[] bucketEnds) {
    for (int i = 0; i < count; i++) {
      long address = addresses[i];
      if (!mayHold(address)) {
        out[i] = 0;
        bucketEnds[i] = 0; // an empty bucket: not found
      } else {
        int bucket = (int) (((address - base) >>> shift) >>> dirShift);
        out[i] = directory[bucket];
        bucketEnds[i] = directory[bucket + 1];
      }
    }
    for (int i = 0; i < count; i++) {
      out[i] =
          out[i] < bucketEnds[i]
              ? search(out[i], bucketEnds[i], (addresses[i] - base) >>> shift)
              : -1;
    }
  }

  /** Whether an object may be at {@code address}: in the range, and aligned as all are. */
  private boolean mayHold(long address) {
    // base is the signed minimum; relative addresses are unsigned (a range may exceed 2^63)
    long d = address - base;
    return address >= base
        && (d & ((1L << shift) - 1)) == 0
        && Long.compareUnsigned(d >>> shift, maxRel) <= 0;
  }

  /** The id of the object at relative address {@code r} among the ranks {@code [from, to)}. */
  private int search(int from, int to, long r) {
    int lo = from;
    int hi = to - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int cmp = Long.compareUnsigned(rel(mid), r);
      if (cmp < 0) {
        lo = mid + 1;
      } else if (cmp > 0) {
        hi = mid - 1;
      } else {
        return ids == null ? (int) (keys[mid] & idMask) : ids[mid];
      }
    }
    return -1;
  }

  /** Id of the {@code k}-th object in increasing address order. */
  public int idAtRank(int k) {
    return ids == null ? (int) (keys[k] & idMask) : ids[k];
  }

  /** Address of the {@code k}-th object in increasing address order. */
  public long addressAtRank(int k) {
    return ids == null ? base + ((keys[k] >>> idBits) << shift) : keys[k];
  }

  /** Sorts {@code a} (as unsigned-agnostic signed longs) and returns the original index of each. */
  private static int[] sortWithIds(long[] a) {
    int n = a.length;
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    long[] tmpA = new long[n];
    int[] tmpI = new int[n];
    // bottom-up merge sort: stable, O(n log n), no recursion
    long[] srcA = a;
    int[] srcI = idx;
    long[] dstA = tmpA;
    int[] dstI = tmpI;
    for (int width = 1; width < n; width *= 2) {
      for (int lo = 0; lo < n; lo += 2 * width) {
        int mid = Math.min(lo + width, n);
        int hi = Math.min(lo + 2 * width, n);
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
          if (srcA[j] < srcA[i]) {
            dstA[k] = srcA[j];
            dstI[k++] = srcI[j++];
          } else {
            dstA[k] = srcA[i];
            dstI[k++] = srcI[i++];
          }
        }
        while (i < mid) {
          dstA[k] = srcA[i];
          dstI[k++] = srcI[i++];
        }
        while (j < hi) {
          dstA[k] = srcA[j];
          dstI[k++] = srcI[j++];
        }
      }
      long[] ta = srcA;
      srcA = dstA;
      dstA = ta;
      int[] ti = srcI;
      srcI = dstI;
      dstI = ti;
    }
    if (srcA != a) {
      System.arraycopy(srcA, 0, a, 0, n);
      System.arraycopy(srcI, 0, idx, 0, n);
    }
    return idx;
  }
}
