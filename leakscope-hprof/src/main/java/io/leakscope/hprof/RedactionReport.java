package io.leakscope.hprof;

import java.util.List;

/**
 * What {@link HprofRedactor} zeroed in a dump.
 *
 * @param dumpBytes length of the uncompressed dump, the same before and after redaction
 * @param arrays per element type (in the order {@code boolean}, {@code char}, {@code float}, {@code
 *     double}, {@code byte}, {@code short}, {@code int}, {@code long}), the primitive arrays whose
 *     contents were zeroed; types with no array are left out
 * @param hashFields cached hash codes zeroed ({@code String.hash}, {@code String.hashIsZero},
 *     {@code HashMap$Node.hash} and other {@code int hash} fields)
 * @param primitiveFields other primitive instance fields zeroed (only with {@link
 *     HprofRedactor.Options#zeroPrimitiveFields()})
 * @param staticFields primitive static fields zeroed (only with {@link
 *     HprofRedactor.Options#zeroPrimitiveFields()})
 * @param unreferencedNames UTF8 records whose text was zeroed because nothing in the dump refers to
 *     them as a class, field or method name (string literals, symbols made at run time)
 * @param instancesNotInspected instances whose fields were copied unchanged because their class (or
 *     a superclass) was dumped after them or does not match their field bytes; 0 for HotSpot dumps
 */
public record RedactionReport(
    long dumpBytes,
    List<ArrayTotal> arrays,
    long hashFields,
    long primitiveFields,
    long staticFields,
    long unreferencedNames,
    long instancesNotInspected) {

  public RedactionReport {
    arrays = List.copyOf(arrays);
  }

  /**
   * The primitive arrays of one element type whose contents were zeroed.
   *
   * @param elementType Java name of the element type, e.g. {@code "byte"}
   * @param count number of arrays
   * @param bytes bytes of array contents zeroed
   */
  public record ArrayTotal(String elementType, long count, long bytes) {}

  /** Number of primitive arrays zeroed, of every type. */
  public long arrayCount() {
    return arrays.stream().mapToLong(ArrayTotal::count).sum();
  }

  /** Bytes of primitive array contents zeroed, of every type. */
  public long arrayBytes() {
    return arrays.stream().mapToLong(ArrayTotal::bytes).sum();
  }
}
