package io.leakscope.testing.hprof.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Models where the JVM places instance fields, to give test dumps real object sizes.
 *
 * <p>Design note: HotSpot's field layout (JDK 15+, {@code FieldLayoutBuilder}) lays out a class's
 * fields after its superclass's, largest first, each aligned to its own size, and fills holes left
 * earlier, including the gap between a 12-byte header and the first 8-byte-aligned slot. This class
 * keeps the end offset and the list of holes, and places each class's fields (sorted by size,
 * largest first) first-fit into a hole, else at the aligned end. It is an approximation: HotSpot
 * also groups references after primitives and has special cases (contended fields, hidden fields)
 * that tests do not need. Immutable; a subclass's packing extends its superclass's.
 */
public final class FieldPacking {
  private final int end;
  private final int[] holes; // pairs: start, end (exclusive), in address order

  private FieldPacking(int end, int[] holes) {
    this.end = end;
    this.holes = holes;
  }

  /** Packing of an object with no fields: just the header. */
  public static FieldPacking empty(int headerBytes) {
    return new FieldPacking(headerBytes, new int[0]);
  }

  /** Packing after adding one class's declared fields of the given sizes (1, 2, 4 or 8 bytes). */
  public FieldPacking add(int[] fieldSizes) {
    int[] sizes = fieldSizes.clone();
    Arrays.sort(sizes);
    List<int[]> free = new ArrayList<>();
    for (int i = 0; i < holes.length; i += 2) {
      free.add(new int[] {holes[i], holes[i + 1]});
    }
    int newEnd = end;
    for (int i = sizes.length - 1; i >= 0; i--) {
      int size = sizes[i];
      if (!placeInHole(free, size)) {
        int start = alignUp(newEnd, size);
        if (start > newEnd) {
          free.add(new int[] {newEnd, start});
        }
        newEnd = start + size;
      }
    }
    int[] newHoles = new int[free.size() * 2];
    for (int i = 0; i < free.size(); i++) {
      newHoles[2 * i] = free.get(i)[0];
      newHoles[2 * i + 1] = free.get(i)[1];
    }
    return new FieldPacking(newEnd, newHoles);
  }

  /** End of the last field (or of the header). */
  public int end() {
    return end;
  }

  /** Object size: the end rounded up to {@code alignment}. */
  public int instanceSize(int alignment) {
    return alignUp(end, alignment);
  }

  private static boolean placeInHole(List<int[]> free, int size) {
    for (int i = 0; i < free.size(); i++) {
      int[] hole = free.get(i);
      int start = alignUp(hole[0], size);
      if (start + size <= hole[1]) {
        free.remove(i);
        int at = i;
        if (hole[0] < start) {
          free.add(at++, new int[] {hole[0], start});
        }
        if (start + size < hole[1]) {
          free.add(at, new int[] {start + size, hole[1]});
        }
        return true;
      }
    }
    return false;
  }

  /** Rounds {@code value} up to a multiple of {@code alignment} (a power of two). */
  public static int alignUp(int value, int alignment) {
    return (value + alignment - 1) & -alignment;
  }

  /** Rounds {@code value} up to a multiple of {@code alignment} (a power of two). */
  public static long alignUp(long value, int alignment) {
    return (value + alignment - 1) & -(long) alignment;
  }
}
