package io.leakscope.watchdog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What a child JVM actually did and when, one line {@code <epoch millis> <total>} per step (bytes
 * leaked, threads started): on a busy machine a child falls behind its nominal pace, so the tests
 * compare the watchdog's estimate with this instead of with a fixed rate.
 */
final class ChildProgress {
  private final NavigableMap<Long, Long> totals;

  private ChildProgress(NavigableMap<Long, Long> totals) {
    this.totals = totals;
  }

  /** In the child: the total reached now (the same clock as the watchdog's event times). */
  static void record(Path file, long total) throws IOException {
    Files.writeString(
        file,
        System.currentTimeMillis() + " " + total + "\n",
        StandardCharsets.US_ASCII,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  static ChildProgress read(Path file) throws IOException {
    NavigableMap<Long, Long> totals = new TreeMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
      String[] parts = line.split(" ");
      if (parts.length == 2) { // a last line may be half written
        totals.put(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
      }
    }
    if (totals.isEmpty()) {
      throw new AssertionError("no progress recorded in " + file);
    }
    return new ChildProgress(totals);
  }

  /** The total recorded last at or before {@code millis}; 0 before the first record. */
  long totalAt(long millis) {
    Map.Entry<Long, Long> e = totals.floorEntry(millis);
    return e == null ? 0 : e.getValue();
  }

  /**
   * The child's own rate per second between {@code from} (or its first record, if later) and {@code
   * to}.
   */
  double ratePerSecond(long from, long to) {
    long start = Math.max(from, totals.firstKey());
    if (to <= start) {
      throw new AssertionError("no progress recorded between " + from + " and " + to);
    }
    return (totalAt(to) - totalAt(start)) * 1000.0 / (to - start);
  }

  @Override
  public String toString() {
    return totals.size() + " records from " + totals.firstEntry() + " to " + totals.lastEntry();
  }
}
