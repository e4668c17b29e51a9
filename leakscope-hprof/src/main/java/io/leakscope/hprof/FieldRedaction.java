package io.leakscope.hprof;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Which instance fields and static fields {@link HprofRedactor} zeroes, decided per class from the
 * CLASS_DUMP records and the few names it needs.
 *
 * <p>Design note. Only names the rules mention are remembered (a UTF8 record is kept only if its
 * text is one of {@link #NAMES}, a LOAD_CLASS only if it names such a class), so memory is a few
 * hundred bytes plus, per class of the dump, its own field types and one small array of byte
 * ranges: never anything per object. The rules:
 *
 * <ul>
 *   <li>always: every {@code int} field named {@code hash} and {@code String.hashIsZero}. A cached
 *       hash code is a function of the secret ({@code String.hash}; {@code HashMap$Node.hash},
 *       {@code ConcurrentHashMap$Node.hash} and {@code Hashtable$Entry.hash} hold the key's hash)
 *       and an offline brute-force oracle for short secrets. Nothing in the analysis reads them.
 *   <li>with {@code zeroPrimitiveFields}: every other primitive instance and static field too,
 *       except {@code String.coder}, {@code ArrayList.size}, {@code Vector.elementCount} and {@code
 *       java.nio.Buffer.capacity}. The analysis reads those four (to decode strings, for the empty
 *       and sparse collection inspections, and for the native memory of direct buffers); they say
 *       little that the kept structure does not (the array length, the references in the list's
 *       array, the size of a buffer's native block).
 * </ul>
 *
 * A class's ranges are computed at its first instance, which needs the CLASS_DUMPs of the class and
 * its superclasses to come first, as HotSpot writes them (all classes, then the objects). An
 * instance whose class chain is not known yet is copied unchanged and counted.
 */
final class FieldRedaction {
  private static final String STRING = "java/lang/String";
  private static final String ARRAY_LIST = "java/util/ArrayList";
  private static final String VECTOR = "java/util/Vector";
  private static final String HASH = "hash";
  private static final String HASH_IS_ZERO = "hashIsZero";
  private static final String CODER = "coder";
  private static final String SIZE = "size";
  private static final String ELEMENT_COUNT = "elementCount";
  private static final String BUFFER = "java/nio/Buffer";
  private static final String CAPACITY = "capacity";
  private static final List<String> NAMES =
      List.of(
          STRING,
          ARRAY_LIST,
          VECTOR,
          BUFFER,
          HASH,
          HASH_IS_ZERO,
          CODER,
          SIZE,
          ELEMENT_COUNT,
          CAPACITY);
  private static final int LONGEST_NAME =
      NAMES.stream().mapToInt(String::length).max().orElseThrow();
  private static final int[] NONE = new int[0];

  /** Kind of a zeroed range, for the report. */
  static final int HASH_FIELD = 0;

  static final int PRIMITIVE_FIELD = 1;

  private final boolean zeroPrimitiveFields;
  private final int idSize;
  private final Map<Long, String> names = new HashMap<>();
  private final Map<Long, String> classNames = new HashMap<>();
  private final Map<Long, ClassFields> classes = new HashMap<>();

  /** The instance fields a class declares, and once known, what to zero in its instances. */
  private static final class ClassFields {
    final long superId;
    final @Nullable String name;
    final long[] fieldNames;
    final byte[] fieldTypes;

    /** (offset, length, kind) triples in increasing offset order; null until computed. */
    int @Nullable [] ranges;

    /** Bytes of an instance's fields, this class's and its superclasses'; set with ranges. */
    long instanceBytes;

    ClassFields(long superId, @Nullable String name, long[] fieldNames, byte[] fieldTypes) {
      this.superId = superId;
      this.name = name;
      this.fieldNames = fieldNames;
      this.fieldTypes = fieldTypes;
    }
  }

  FieldRedaction(boolean zeroPrimitiveFields, int idSize) {
    this.zeroPrimitiveFields = zeroPrimitiveFields;
    this.idSize = idSize;
  }

  /** Longest UTF8 text worth passing to {@link #utf8}. */
  static int longestName() {
    return LONGEST_NAME;
  }

  void utf8(long id, byte[] text, int length) {
    if (length > LONGEST_NAME) {
      return;
    }
    String s = new String(text, 0, length, StandardCharsets.ISO_8859_1);
    if (NAMES.contains(s)) {
      names.put(id, s);
    }
  }

  void loadClass(long classId, long nameId) {
    String name = names.get(nameId);
    if (name != null) {
      classNames.put(classId, name);
    }
  }

  void classDump(long classId, long superId, long[] fieldNames, byte[] fieldTypes) {
    classes.put(classId, new ClassFields(superId, classNames.get(classId), fieldNames, fieldTypes));
  }

  /** Whether a static field (or constant pool entry) of basic type {@code type} is zeroed. */
  boolean zeroesStatic(int type) {
    return zeroPrimitiveFields && type != HprofTag.TYPE_OBJECT;
  }

  /**
   * What to zero in the field bytes of an instance of {@code classId}: (offset, length, kind)
   * triples in increasing offset order, or null if the class or one of its superclasses has not
   * been dumped yet, or if its fields do not add up to {@code fieldBytes}.
   */
  int @Nullable [] ranges(long classId, long fieldBytes) {
    ClassFields c = classes.get(classId);
    if (c == null) {
      return null;
    }
    int[] r = c.ranges;
    if (r == null) {
      r = computeRanges(c);
      if (r == null) {
        return null; // retried at the next instance: the superclass may come later
      }
      c.ranges = r;
    }
    return c.instanceBytes == fieldBytes ? r : null;
  }

  private int @Nullable [] computeRanges(ClassFields c) {
    List<Integer> triples = new ArrayList<>();
    long offset = 0;
    int depth = 0;
    for (ClassFields k = c; k != null; k = k.superId == 0 ? null : classes.get(k.superId)) {
      if (++depth > 10_000) {
        return null; // a superclass cycle: the dump is corrupt; leave its instances alone
      }
      for (int i = 0; i < k.fieldTypes.length; i++) {
        int type = k.fieldTypes[i];
        int size = HprofTag.valueSize(type, idSize);
        int kind = kind(k.name, names.get(k.fieldNames[i]), type);
        if (kind >= 0) {
          triples.add((int) offset);
          triples.add(size);
          triples.add(kind);
        }
        offset += size;
      }
      if (k.superId != 0 && !classes.containsKey(k.superId)) {
        return null;
      }
    }
    if (offset > Integer.MAX_VALUE) {
      return null;
    }
    c.instanceBytes = offset;
    return triples.isEmpty() ? NONE : triples.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The kind of zeroing for a field, or -1 to keep it. */
  private int kind(@Nullable String className, @Nullable String fieldName, int type) {
    if (type == HprofTag.TYPE_OBJECT) {
      return -1;
    }
    if ((HASH.equals(fieldName) && type == HprofTag.TYPE_INT)
        || (STRING.equals(className) && HASH_IS_ZERO.equals(fieldName))) {
      return HASH_FIELD;
    }
    if (!zeroPrimitiveFields || kept(className, fieldName)) {
      return -1;
    }
    return PRIMITIVE_FIELD;
  }

  private static boolean kept(@Nullable String className, @Nullable String fieldName) {
    return (STRING.equals(className) && CODER.equals(fieldName))
        || (ARRAY_LIST.equals(className) && SIZE.equals(fieldName))
        || (VECTOR.equals(className) && ELEMENT_COUNT.equals(fieldName))
        || (BUFFER.equals(className) && CAPACITY.equals(fieldName));
  }
}
