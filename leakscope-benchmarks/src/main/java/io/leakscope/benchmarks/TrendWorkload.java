package io.leakscope.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * The service a child JVM runs in {@link TimeToVerdict}: a 32 MiB cache filled in the first 10
 * seconds, 10 MB/s of short-lived garbage, and by mode
 *
 * <ul>
 *   <li>{@code leak}: 1% of the maximum heap per minute added to a static list (2.6 MB/min with
 *       {@code -Xmx256m}), the cache never replaced;
 *   <li>{@code cache}: the cache at its bound, replacing 256 entries (256 KiB) a second, so that
 *       entries live about two minutes, are promoted and die in the old generation;
 *   <li>{@code steady}: the cache never replaced: only short-lived garbage.
 * </ul>
 *
 * Arguments: mode, seconds to run. Work comes in ticks of 100 ms; prints {@code done} at the end.
 */
public final class TrendWorkload {
  private static final int ENTRY_BYTES = 1024;
  private static final int CACHE_ENTRIES = 32 * 1024;
  private static final List<byte[]> LEAKED = new ArrayList<>();
  private static final byte[][] CACHE = new byte[CACHE_ENTRIES][];
  private static volatile Object sink;

  private TrendWorkload() {}

  public static void main(String[] args) throws InterruptedException {
    String mode = args[0];
    if (!List.of("leak", "cache", "steady").contains(mode)) {
      throw new IllegalArgumentException("mode: " + mode + " (expected: leak, cache or steady)");
    }
    long runMillis = Long.parseLong(args[1]) * 1000;
    long leakPerTick = Runtime.getRuntime().maxMemory() / 100 / 600;
    long start = System.currentTimeMillis();
    long leakDebt = 0;
    int nextEntry = 0;
    for (long tick = 0; System.currentTimeMillis() - start < runMillis; tick++) {
      if (tick < 100) {
        // Fill the cache in the first 10 seconds.
        for (int i = 0; i < CACHE_ENTRIES / 100; i++) {
          CACHE[nextEntry] = new byte[ENTRY_BYTES];
          nextEntry = (nextEntry + 1) % CACHE_ENTRIES;
        }
      } else if (mode.equals("cache")) {
        for (int i = 0; i < 26; i++) {
          CACHE[nextEntry] = new byte[ENTRY_BYTES];
          nextEntry = (nextEntry + 1) % CACHE_ENTRIES;
        }
      }
      if (mode.equals("leak")) {
        leakDebt += leakPerTick;
        while (leakDebt >= 4096) {
          LEAKED.add(new byte[4096]);
          leakDebt -= 4096;
        }
      }
      for (int i = 0; i < 1000; i++) {
        sink = new byte[ENTRY_BYTES];
      }
      long next = start + (tick + 1) * 100;
      Thread.sleep(Math.max(0, next - System.currentTimeMillis()));
    }
    System.out.println("done");
  }
}
