package io.leakscope.watchdog;

import java.time.Duration;

/**
 * The two series the live-set verdict ({@link LiveSetVerdict}) rests on, one value per time bucket
 * in fixed-size rings: live-set readings (after collections of the old generation) and upper bounds
 * (the whole heap after other collections, since the latest reading). The agent's watchdog fills it
 * from GC notifications ({@link LiveSetMonitor}), {@code leakscope watch} from another JVM's last
 * collections; both keep the same buckets and rules, so both reach the same verdict on the same
 * readings.
 *
 * <p>Rules. A bucket keeps the <em>least</em> value that fell in it (each value is an upper bound
 * of the live set, so the least is the best). A value for a bucket older than the newest one is
 * dropped, so that times stay ordered. A reading starts a new stretch of upper bounds (they bound
 * the live set only until the next collection of the old generation), and a bound not after the
 * latest reading's bucket is dropped: that reading is the better one. Memory: four {@code
 * long[capacity]} arrays, in two rings. Thread-safe: every method holds this object's monitor for a
 * few array writes.
 */
public final class LiveSetSeries {

  private final long bucketMillis;
  // Guarded by this.
  private final Ring readings;
  private final Ring bounds;
  private long readingCount;
  private long firstTimeMillis = Long.MIN_VALUE;
  private long boundReadingCount;

  /**
   * An empty pair of series.
   *
   * @param capacity how many buckets each ring keeps (oldest overwritten), 2 or more
   * @param bucketMillis width of one bucket, 1 or more
   * @throws IllegalArgumentException when an argument is out of range
   */
  public LiveSetSeries(int capacity, long bucketMillis) {
    if (capacity < 2) {
      throw new IllegalArgumentException("capacity: " + capacity + " (expected: 2+)");
    }
    if (bucketMillis < 1) {
      throw new IllegalArgumentException("bucketMillis: " + bucketMillis + " (expected: 1+)");
    }
    this.bucketMillis = bucketMillis;
    this.readings = new Ring(capacity);
    this.bounds = new Ring(capacity);
  }

  /** How many buckets a window is cut into. */
  public static final int BUCKETS_PER_WINDOW = 40;

  /**
   * The watchdog's series for a window: buckets of a {@value #BUCKETS_PER_WINDOW}th of it, rings of
   * twice as many plus 16, so that the analysis always sees a whole window.
   *
   * @param window not null, positive
   */
  public static LiveSetSeries forWindow(Duration window) {
    long windowMillis = Math.max(1, window.toMillis());
    return new LiveSetSeries(
        2 * BUCKETS_PER_WINDOW + 16, Math.max(1, windowMillis / BUCKETS_PER_WINDOW));
  }

  /** The width of one bucket in milliseconds. */
  public long bucketMillis() {
    return bucketMillis;
  }

  /**
   * Adds one live-set reading.
   *
   * @param timeMillis the end of the collection, epoch milliseconds
   * @param usedBytes the tracked pools' usage after it
   */
  public synchronized void record(long timeMillis, long usedBytes) {
    readingCount++;
    if (firstTimeMillis == Long.MIN_VALUE) {
      firstTimeMillis = timeMillis;
    }
    if (readings.isLate(timeMillis, bucketMillis)) {
      // A late notification for a bucket already closed: dropped, so that times stay ordered.
      return;
    }
    // A live-set reading starts a new stretch of upper bounds.
    bounds.clear();
    readings.offer(timeMillis, usedBytes, bucketMillis);
  }

  /**
   * Adds one upper bound of the live set: the whole heap after a collection that did not measure
   * the live set (a young collection).
   *
   * @param timeMillis the end of the collection, epoch milliseconds
   * @param usedBytes every heap pool's usage after it
   */
  public synchronized void recordBound(long timeMillis, long usedBytes) {
    boundReadingCount++;
    if (firstTimeMillis == Long.MIN_VALUE) {
      firstTimeMillis = timeMillis;
    }
    if (!readings.isEmpty()
        && Math.floorDiv(timeMillis, bucketMillis)
            <= Math.floorDiv(readings.lastTime(), bucketMillis)) {
      // Not after the latest live-set reading's bucket: that reading is the better one.
      return;
    }
    bounds.offer(timeMillis, usedBytes, bucketMillis);
  }

  /** How many readings were recorded, including those merged into a bucket. */
  public synchronized long readingCount() {
    return readingCount;
  }

  /** How many upper bounds were recorded, including those merged into a bucket or superseded. */
  public synchronized long boundReadingCount() {
    return boundReadingCount;
  }

  /**
   * Time of the first reading or upper bound ever recorded, or {@link Long#MIN_VALUE} before any.
   */
  public synchronized long firstTimeMillis() {
    return firstTimeMillis;
  }

  /** The readings, oldest first, one per bucket: a copy. */
  public synchronized Series readings() {
    return readings.copy();
  }

  /** The upper bounds since the latest reading (or since the start), oldest first: a copy. */
  public synchronized Series bounds() {
    return bounds.copy();
  }

  /**
   * One series: the least value per bucket, in a ring of times and values (oldest overwritten). Not
   * thread-safe; guarded by the enclosing series.
   */
  private static final class Ring {
    private final long[] times;
    private final long[] values;
    private int next;
    private int count;

    Ring(int capacity) {
      times = new long[capacity];
      values = new long[capacity];
    }

    boolean isEmpty() {
      return count == 0;
    }

    /** The time of the newest value; only when not empty. */
    long lastTime() {
      return times[(next - 1 + times.length) % times.length];
    }

    /** Whether a value at this time falls in a bucket older than the newest one's. */
    boolean isLate(long timeMillis, long bucketMillis) {
      return count > 0
          && Math.floorDiv(timeMillis, bucketMillis) < Math.floorDiv(lastTime(), bucketMillis);
    }

    void clear() {
      count = 0;
    }

    /** Keeps the least value per bucket; drops a late one. */
    void offer(long timeMillis, long value, long bucketMillis) {
      if (isLate(timeMillis, bucketMillis)) {
        return;
      }
      int last = (next - 1 + times.length) % times.length;
      if (count > 0
          && Math.floorDiv(timeMillis, bucketMillis) == Math.floorDiv(times[last], bucketMillis)) {
        if (value < values[last]) {
          values[last] = value;
          times[last] = timeMillis;
        }
        return;
      }
      times[next] = timeMillis;
      values[next] = value;
      next = (next + 1) % times.length;
      count = Math.min(count + 1, times.length);
    }

    /** The values, oldest first: a copy. */
    Series copy() {
      long[] t = new long[count];
      long[] b = new long[count];
      int start = (next - count + times.length) % times.length;
      for (int i = 0; i < count; i++) {
        int j = (start + i) % times.length;
        t[i] = times[j];
        b[i] = values[j];
      }
      return new Series(t, b);
    }
  }

  /**
   * Times (epoch milliseconds) and bytes, oldest first, of equal length.
   *
   * @param timesMillis not null
   * @param liveBytes not null
   */
  public record Series(long[] timesMillis, long[] liveBytes) {
    /** How many values. */
    public int count() {
      return timesMillis.length;
    }
  }
}
