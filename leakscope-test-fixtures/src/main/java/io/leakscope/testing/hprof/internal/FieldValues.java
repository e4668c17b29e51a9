package io.leakscope.testing.hprof.internal;

import io.leakscope.hprof.HprofTag;

/**
 * Converts boxed field values given by tests into the raw bits written in a dump. References are
 * {@link Long} ids (or null for 0); booleans {@link Boolean}; chars {@link Character} or a {@link
 * Number}; the other primitives any {@link Number}, narrowed to the field's type.
 */
public final class FieldValues {
  private FieldValues() {}

  /**
   * Raw bits of {@code value} for a field of basic type {@code type}.
   *
   * @param what names the field in the error message
   * @throws IllegalArgumentException if the value does not suit the type
   */
  public static long bits(int type, Object value, String what) {
    if (value == null) {
      if (type == HprofTag.TYPE_OBJECT) {
        return 0;
      }
      throw mismatch(type, null, what);
    }
    switch (type) {
      case HprofTag.TYPE_OBJECT:
        if (value instanceof Long) {
          return (Long) value;
        }
        break;
      case HprofTag.TYPE_BOOLEAN:
        if (value instanceof Boolean) {
          return (Boolean) value ? 1 : 0;
        }
        break;
      case HprofTag.TYPE_CHAR:
        if (value instanceof Character) {
          return (Character) value;
        }
        if (value instanceof Number) {
          return ((Number) value).intValue() & 0xFFFF;
        }
        break;
      case HprofTag.TYPE_FLOAT:
        if (value instanceof Number) {
          return Float.floatToRawIntBits(((Number) value).floatValue()) & 0xFFFF_FFFFL;
        }
        break;
      case HprofTag.TYPE_DOUBLE:
        if (value instanceof Number) {
          return Double.doubleToRawLongBits(((Number) value).doubleValue());
        }
        break;
      case HprofTag.TYPE_BYTE:
      case HprofTag.TYPE_SHORT:
      case HprofTag.TYPE_INT:
      case HprofTag.TYPE_LONG:
        if (value instanceof Number) {
          return ((Number) value).longValue();
        }
        break;
      default:
        throw new IllegalArgumentException(what + ": basic type " + type + " (expected: 2, 4..11)");
    }
    throw mismatch(type, value, what);
  }

  private static IllegalArgumentException mismatch(int type, Object value, String what) {
    String expected =
        type == HprofTag.TYPE_OBJECT ? "object id (Long) or handle" : HprofTag.primitiveName(type);
    String actual = value == null ? "null" : value.getClass().getSimpleName() + " " + value;
    return new IllegalArgumentException(what + ": " + actual + " (expected: " + expected + ")");
  }
}
