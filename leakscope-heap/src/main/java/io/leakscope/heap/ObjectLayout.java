package io.leakscope.heap;

import io.leakscope.hprof.HprofTag;

/**
 * How the dumped JVM laid out objects: what HPROF does not record but shallow sizes depend on.
 *
 * <p>Instance fields are placed as HotSpot's field layout (JDK 15+) places them: the superclass's
 * fields keep their offsets; this class's primitive fields, largest first, then its references,
 * each go into the smallest free gap (left by the header or the superclass) that fits them at their
 * natural alignment, else at the end; the size is the end rounded up to the object alignment.
 *
 * @param headerBytes object header: 12 with compressed class pointers, 16 without, 8 with compact
 *     object headers
 * @param referenceBytes 4 with compressed oops, else 8
 * @param alignment object alignment in bytes (8 by default)
 * @param arrayBaseAlignedToElement true on JDK 22+, where array elements start right after the
 *     length field at their natural alignment; false when they start at an 8-byte boundary (JDK 17)
 */
public record ObjectLayout(
    int headerBytes, int referenceBytes, int alignment, boolean arrayBaseAlignedToElement) {

  /** 64-bit HotSpot defaults on JDK 17: compressed oops and class pointers, 8-byte alignment. */
  public static final ObjectLayout HOTSPOT_64_COMPRESSED = new ObjectLayout(12, 4, 8, false);

  public boolean compressedOops() {
    return referenceBytes == 4;
  }

  public boolean compressedClassPointers() {
    return headerBytes == 12 || headerBytes == 8;
  }

  /** Size of a field of basic type {@code type} inside an object. */
  public int fieldBytes(int type) {
    return type == HprofTag.TYPE_OBJECT ? referenceBytes : HprofTag.valueSize(type, 8);
  }

  /** Offset of element 0 of an array with elements of {@code elementBytes}. */
  public int arrayBase(int elementBytes) {
    int lengthEnd = headerBytes + 4;
    return arrayBaseAlignedToElement ? align(lengthEnd, elementBytes) : align(lengthEnd, 8);
  }

  /** Shallow size of an array. */
  public long arraySize(int elementBytes, long length) {
    return align(arrayBase(elementBytes) + elementBytes * length, alignment);
  }

  public static int align(int v, int a) {
    return (v + a - 1) & -a;
  }

  public static long align(long v, int a) {
    return (v + a - 1) & -(long) a;
  }

  /**
   * Human-readable description, e.g. {@code "compressed oops, compressed class pointers, 8-byte
   * alignment"}.
   */
  public String describe() {
    return (compressedOops() ? "compressed oops" : "uncompressed oops")
        + ", "
        + (headerBytes == 8
            ? "compact object headers"
            : compressedClassPointers()
                ? "compressed class pointers"
                : "uncompressed class pointers")
        + ", "
        + alignment
        + "-byte alignment";
  }
}
