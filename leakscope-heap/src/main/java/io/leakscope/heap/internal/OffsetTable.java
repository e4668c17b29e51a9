package io.leakscope.heap.internal;

import org.jspecify.annotations.Nullable;

/**
 * File offsets of objects whose ids follow file order, so offsets only grow with the id.
 *
 * <p>Design note: each offset keeps its low 32 bits in an int; the high bits change only every 4 GB
 * of dump, so a short table records the first id of each 4 GB window ({@link HighSteps}). Memory: 4
 * bytes per object plus 4 bytes per 4 GB of dump, instead of 8 bytes per object for a {@code
 * long[]}.
 */
public final class OffsetTable {
  private int @Nullable [] low;
  private volatile @Nullable IntFileReader lowInFile;
  private final int size;
  private final int[] windowSteps; // window w + 1 starts at id windowSteps[w]

  private OffsetTable(int @Nullable [] low, int size, int[] windowSteps) {
    this.low = low;
    this.size = size;
    this.windowSteps = windowSteps;
  }

  /**
   * Collects the offsets as they are read, already in the table's form, and appends their low words
   * to a temporary file ({@link ParkedArrays.Appender}): nothing per object stays in memory while
   * the dump is read, where collecting them as longs first held 8 bytes and as ints in memory 4
   * (the index build's first pass holds little else per object, so that was a third of its memory,
   * then a fifth). Close it if the table is not built.
   */
  public static final class Builder implements java.io.Closeable {
    private final ParkedArrays.Appender low = ParkedArrays.appender();
    private final HighSteps windows = new HighSteps();
    private long prev;

    /** Appends the offset of the next object; offsets must not decrease. */
    public void add(long off) {
      if (off < prev) {
        throw new IllegalArgumentException("offsets must not decrease: " + off + " after " + prev);
      }
      prev = off;
      low.add(windows.add((int) low.size(), off));
    }

    /** The table, its low words in memory; empties this builder. */
    public OffsetTable build() throws java.io.IOException {
      Parked parked = buildParked();
      try (ParkedArrays words = parked.low()) {
        parked.table().attachLow(words.read(0));
      }
      return parked.table();
    }

    /**
     * The table with its low words parked as by {@link #detachLow}: they stay in the temporary file
     * they were appended to; {@code table.attachLow(low.read(0))} brings them back. Empties this
     * builder.
     */
    public Parked buildParked() {
      int size = (int) low.size();
      ParkedArrays parked = low.finish();
      return new Parked(new OffsetTable(null, size, windows.steps()), parked);
    }

    /** Deletes the temporary file if the table was not built. */
    @Override
    public void close() throws java.io.IOException {
      low.close();
    }
  }

  /** A table whose low words are parked, and the parked words. */
  public record Parked(OffsetTable table, ParkedArrays low) {}

  /** Number of objects. */
  public int size() {
    return size;
  }

  /**
   * The low 32 bits of all offsets, or null if they are detached already; with {@link #attachLow}
   * lets a caller park them elsewhere.
   */
  public int @Nullable [] detachLow() {
    int[] l = low;
    low = null;
    return l;
  }

  public void attachLow(int[] l) {
    low = l;
    lowInFile = null;
  }

  /**
   * While the low words are detached, reads them from where they were parked, one at a time through
   * {@code reader}'s cache: for phases that read a few objects ({@code null} to stop).
   */
  public void readLowFrom(@Nullable IntFileReader reader) {
    lowInFile = reader;
  }

  /** File offset of object {@code id}. */
  public long get(int id) {
    int[] l = low;
    int lowWord;
    if (l != null) {
      lowWord = l[id];
    } else {
      IntFileReader r = lowInFile;
      if (r == null) {
        throw new IllegalStateException("file offsets are parked while graph algorithms run");
      }
      lowWord = r.get(id);
    }
    return HighSteps.value(lowWord, windowSteps, id);
  }
}
