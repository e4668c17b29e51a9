package io.leakscope.heap;

import java.util.Objects;

/**
 * The class index of every object, in 2 bytes per object while the dump has at most 65,536 classes
 * (nearly all do: a large service has tens of thousands) and in 4 beyond.
 *
 * <p>Design note: the class of each object is read by every phase (the implicit class edge of the
 * graph, retained sizes by class, the inspections), so it is kept in memory from the index build to
 * the end, where 2 bytes rather than 4 per object lower every phase's peak alike. One class with
 * two arrays, one of them null, rather than two subclasses: the hot loops that call {@link #get}
 * stay monomorphic, and the branch on the array that is there always goes the same way.
 *
 * <p>Immutable once built; safe to read from several threads.
 */
public final class ClassColumn {
  /** The most classes the narrow form holds: indexes 0 to 65,535, as {@code char}s. */
  static final int NARROW_CLASSES = 1 << 16;

  private static final char[] NO_CHARS = new char[0];
  private static final int[] NO_INTS = new int[0];

  private final boolean isNarrow;
  private final char[] narrow; // empty unless isNarrow
  private final int[] wide; // empty if isNarrow

  private ClassColumn(char[] narrow, int[] wide, boolean isNarrow) {
    this.narrow = narrow;
    this.wide = wide;
    this.isNarrow = isNarrow;
  }

  /**
   * The column of {@code classOf}, narrowed to 2 bytes per object when every value is in {@code [0,
   * 65535]}; otherwise it keeps the array itself (which the caller must not modify afterwards).
   */
  public static ClassColumn of(int[] classOf) {
    Objects.requireNonNull(classOf, "classOf");
    for (int c : classOf) {
      if (c < 0 || c >= NARROW_CLASSES) {
        return new ClassColumn(NO_CHARS, classOf, false);
      }
    }
    char[] narrow = new char[classOf.length];
    for (int i = 0; i < narrow.length; i++) {
      narrow[i] = (char) classOf[i];
    }
    return new ClassColumn(narrow, NO_INTS, true);
  }

  /**
   * A column filled in place by {@code fill}, which is given the narrow array when {@code classes}
   * fit in 2 bytes and the wide one otherwise, so that no {@code int} per object is held on the way
   * to a narrow column.
   */
  static ClassColumn filled(int objects, int classes, Fill fill) throws java.io.IOException {
    if (classes <= NARROW_CLASSES) {
      char[] narrow = new char[objects];
      fill.into((i, c) -> narrow[i] = (char) c);
      return new ClassColumn(narrow, NO_INTS, true);
    }
    int[] wide = new int[objects];
    fill.into((i, c) -> wide[i] = c);
    return new ClassColumn(NO_CHARS, wide, false);
  }

  /** What fills a column: it sets every object's class through the given setter. */
  interface Fill {
    void into(Setter set) throws java.io.IOException;
  }

  /** Sets object {@code id}'s class index. */
  interface Setter {
    void set(int id, int classIndex);
  }

  /** The class index of object {@code id}. */
  public int get(int id) {
    return isNarrow ? narrow[id] : wide[id];
  }

  /** The number of objects. */
  public int size() {
    return isNarrow ? narrow.length : wide.length;
  }

  /** Bytes per object: 2 or 4. */
  public int bytesPerObject() {
    return isNarrow ? 2 : 4;
  }
}
