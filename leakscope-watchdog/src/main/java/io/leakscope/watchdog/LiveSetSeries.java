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
 * long[capacity]} arrays. Thread-safe: every method holds this object's monitor for a few array
 * writes.
 */
public final class LiveSetSeries {

  private final long bucketMillis;
  private final long[] times;
  private final long[] liveBytes;
  private final long[] boundTimes;
  private final long[] boundBytes;

  // Guarded by this.
  private int next;
  private int count;
  private long readingCount;
  private long firstTimeMillis = Long.MIN_VALUE;
  private int boundNext;
  private int boundCount;
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
    this.times = new long[capacity];
    this.liveBytes = new long[capacity];
    this.boundTimes = new long[capacity];
    this.boundBytes = new long[capacity];
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
    int last = (next - 1 + times.length) % times.length;
    if (count > 0 && bucketOf(timeMillis) < bucketOf(times[last])) {
      // A late notification for a bucket already closed: dropped, so that times stay ordered.
      return;
    }
    // A live-set reading starts a new stretch of upper bounds.
    boundCount = 0;
    if (count > 0 && bucketOf(timeMillis) == bucketOf(times[last])) {
      if (usedBytes < liveBytes[last]) {
        liveBytes[last] = usedBytes;
        times[last] = timeMillis;
      }
      return;
    }
    times[next] = timeMillis;
    liveBytes[next] = usedBytes;
    next = (next + 1) % times.length;
    count = Math.min(count + 1, times.length);
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
    int last = (boundNext - 1 + boundTimes.length) % boundTimes.length;
    if (count > 0
        && bucketOf(timeMillis) <= bucketOf(times[(next - 1 + times.length) % times.length])) {
      // Not after the latest live-set reading's bucket: that reading is the better one.
      return;
    }
    if (boundCount > 0 && bucketOf(timeMillis) < bucketOf(boundTimes[last])) {
      return;
    }
    if (boundCount > 0 && bucketOf(timeMillis) == bucketOf(boundTimes[last])) {
      if (usedBytes < boundBytes[last]) {
        boundBytes[last] = usedBytes;
        boundTimes[last] = timeMillis;
      }
      return;
    }
    boundTimes[boundNext] = timeMillis;
    boundBytes[boundNext] = usedBytes;
    boundNext = (boundNext + 1) % boundTimes.length;
    boundCount = Math.min(boundCount + 1, boundTimes.length);
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
    return copy(times, liveBytes, next, count);
  }

  /** The upper bounds since the latest reading (or since the start), oldest first: a copy. */
  public synchronized Series bounds() {
    return copy(boundTimes, boundBytes, boundNext, boundCount);
  }

  private static Series copy(long[] times, long[] values, int next, int count) {
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

  private long bucketOf(long timeMillis) {
    return Math.floorDiv(timeMillis, bucketMillis);
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
