package io.leakscope.heap;

import java.util.Arrays;

/**
 * What the first pass counts per class entry when it makes a {@link ClassCensus} instead of an
 * index, and the runs of objects it keeps to infer the layout from.
 *
 * <p>Design note. A census must work on a dump of any object count in memory that does not grow
 * with it, so nothing per object is kept: per class entry, the instances, and for arrays their
 * count, the sum of their lengths and how many have each length modulo 256. That is enough for the
 * exact bytes of every array once the layout is known, because an array's size is its base plus its
 * elements rounded up to the alignment, which HotSpot caps at 256 bytes: for a length {@code 256q +
 * r} the size is that of length {@code r} plus {@code 256q} elements (see {@link #arrayBytes}). The
 * layout is inferred from neighbouring objects' addresses ({@link LayoutInference}), so runs of
 * {@value #RUN} consecutive objects are kept, spread over the dump: every run while there is room,
 * then every second, fourth ... (when the buffer is full, every other run in it is dropped and only
 * runs at the doubled spacing are taken from then on).
 *
 * <p>Memory: the sample, {@value #RUN} × {@value #MAX_RUNS} objects of 16 bytes (16 MB); per class
 * entry 24 bytes, and 2 KB more for an array class.
 */
final class CensusCounts {
  static final int RUN = 2048;
  static final int MAX_RUNS = 512;

  /** Array lengths are counted modulo this: HotSpot's largest object alignment. */
  static final int LENGTH_MODULUS = 256;

  private static final int NOT_AN_ARRAY = -1;

  /** Objects counted, class objects included. */
  long objects;

  long[] instances = new long[64];
  long[] arrays = new long[64];
  long[] lengthSum = new long[64];
  long[][] residues = new long[64][];

  final long[] sampleAddress = new long[RUN * MAX_RUNS];
  final int[] sampleEntry = new int[RUN * MAX_RUNS];
  final int[] sampleLength = new int[RUN * MAX_RUNS];
  int sampled;
  private long spacing = 1;

  /**
   * Counts an object: {@code entry} is its class entry (negative for a class object, which is
   * counted from the class table instead), {@code length} its array length or -1.
   */
  void add(long address, int entry, int length) {
    long i = objects++;
    if (entry >= 0) {
      if (entry >= instances.length) {
        grow(entry + 1);
      }
      if (length == NOT_AN_ARRAY) {
        instances[entry]++;
      } else {
        arrays[entry]++;
        lengthSum[entry] += length;
        long[] r = residues[entry];
        if (r == null) {
          r = residues[entry] = new long[LENGTH_MODULUS];
        }
        r[length & (LENGTH_MODULUS - 1)]++;
      }
    }
    long run = i / RUN;
    if (run % spacing != 0) {
      return;
    }
    if (i % RUN == 0 && sampled == sampleAddress.length) {
      thin();
      if (run % spacing != 0) {
        return;
      }
    }
    sampleAddress[sampled] = address;
    sampleEntry[sampled] = entry;
    sampleLength[sampled] = length;
    sampled++;
  }

  /** Keeps every other run of the full sample and doubles the spacing of the runs taken. */
  private void thin() {
    int kept = 0;
    for (int k = 0; k < MAX_RUNS; k += 2) {
      System.arraycopy(sampleAddress, k * RUN, sampleAddress, kept * RUN, RUN);
      System.arraycopy(sampleEntry, k * RUN, sampleEntry, kept * RUN, RUN);
      System.arraycopy(sampleLength, k * RUN, sampleLength, kept * RUN, RUN);
      kept++;
    }
    sampled = kept * RUN;
    spacing *= 2;
  }

  private void grow(int atLeast) {
    int n = Math.max(atLeast, instances.length * 2);
    instances = Arrays.copyOf(instances, n);
    arrays = Arrays.copyOf(arrays, n);
    lengthSum = Arrays.copyOf(lengthSum, n);
    residues = Arrays.copyOf(residues, n);
  }

  /**
   * The bytes of the arrays of class entry {@code entry} whose elements take {@code elementBytes}
   * each under {@code layout}: for each length residue r, the arrays of that residue cost what an
   * array of length r costs, plus their elements beyond r.
   *
   * @throws IllegalStateException if the layout's alignment is above {@value #LENGTH_MODULUS}
   */
  long arrayBytes(int entry, ObjectLayout layout, int elementBytes) {
    if (entry >= arrays.length || arrays[entry] == 0) {
      return 0;
    }
    if (layout.alignment() > LENGTH_MODULUS) {
      throw new IllegalStateException(
          "object alignment " + layout.alignment() + " above " + LENGTH_MODULUS);
    }
    long[] r = residues[entry];
    long bytes = 0;
    long residueLengths = 0;
    for (int k = 0; k < LENGTH_MODULUS; k++) {
      if (r[k] != 0) {
        bytes += r[k] * layout.arraySize(elementBytes, k);
        residueLengths += r[k] * k;
      }
    }
    return bytes + (lengthSum[entry] - residueLengths) * elementBytes;
  }

  long instances(int entry) {
    return entry < instances.length ? instances[entry] + arrays[entry] : 0;
  }

  long plainInstances(int entry) {
    return entry < instances.length ? instances[entry] : 0;
  }
}
