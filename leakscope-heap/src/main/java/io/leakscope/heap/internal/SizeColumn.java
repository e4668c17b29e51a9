package io.leakscope.heap.internal;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Shallow sizes of all objects, in 8-byte units.
 *
 * <p>Design note: almost every object of a heap is smaller than 2 KB, so one byte per object holds
 * its size in 8-byte units (0 to 254); the value 255 sends the few bigger objects (big arrays,
 * mostly) to a side table of ids and sizes sorted by id, searched by bisection. Memory: 1 byte per
 * object + 8 bytes per object of 2,040 bytes or more, instead of 4 bytes per object for an {@code
 * int[]}. The index keeps the sizes through every phase but the dominator tree's, so the 3 bytes
 * saved count at most peaks of the analysis.
 */
public final class SizeColumn {
  private static final int ESCAPE = 255;

  private byte @Nullable [] units; // null while parked
  private final int[] bigIds;
  private final int[] bigUnits;

  private SizeColumn(byte[] units, int[] bigIds, int[] bigUnits) {
    this.units = units;
    this.bigIds = bigIds;
    this.bigUnits = bigUnits;
  }

  /** The column of {@code size8[i]}, object i's size in 8-byte units (read as unsigned). */
  public static SizeColumn of(int[] size8) {
    Builder b = new Builder(size8.length);
    for (int s : size8) {
      b.add(s);
    }
    return b.build();
  }

  /**
   * Makes a column object after object, in id order, from sizes computed one at a time: a byte per
   * object and the side table, never an {@code int} per object.
   */
  public static final class Builder {
    private final byte[] units;
    private int next;
    private int[] bigIds = new int[16];
    private int[] bigUnits = new int[16];
    private int big;

    /** A builder for {@code objects} objects. */
    public Builder(int objects) {
      units = new byte[objects];
    }

    /** The next object's size in 8-byte units (read as unsigned). */
    public void add(int size8) {
      if (Integer.compareUnsigned(size8, ESCAPE) >= 0) {
        if (big == bigIds.length) {
          bigIds = Arrays.copyOf(bigIds, 2 * big);
          bigUnits = Arrays.copyOf(bigUnits, 2 * big);
        }
        units[next] = (byte) ESCAPE;
        bigIds[big] = next;
        bigUnits[big++] = size8;
      } else {
        units[next] = (byte) size8;
      }
      next++;
    }

    /**
     * The column.
     *
     * @throws IllegalStateException if fewer sizes were added than objects
     */
    public SizeColumn build() {
      if (next != units.length) {
        throw new IllegalStateException(next + " sizes of " + units.length + " objects");
      }
      return new SizeColumn(units, Arrays.copyOf(bigIds, big), Arrays.copyOf(bigUnits, big));
    }
  }

  /** Number of objects. */
  public int size() {
    return units == null ? -1 : units.length;
  }

  /**
   * Size of object {@code id} in 8-byte units, as an unsigned int.
   *
   * @throws IllegalStateException while the column is parked
   */
  public int units(int id) {
    byte[] u = units;
    if (u == null) {
      throw new IllegalStateException("shallow sizes are parked while graph algorithms run");
    }
    int s = u[id] & 0xff;
    return s != ESCAPE ? s : bigUnits[Arrays.binarySearch(bigIds, id)];
  }

  /** The one-byte part, to park elsewhere; {@link #attach} gives it back. */
  public byte[] detach() {
    byte[] u = units;
    if (u == null) {
      throw new IllegalStateException("parked already");
    }
    units = null;
    return u;
  }

  public void attach(byte[] u) {
    units = u;
  }

  /** Bytes of memory this column holds while not parked. */
  public long memoryBytes(int objects) {
    return objects + 8L * bigIds.length;
  }
}
