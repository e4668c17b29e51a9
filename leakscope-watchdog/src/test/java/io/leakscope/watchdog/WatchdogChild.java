package io.leakscope.watchdog;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The program a child JVM runs in {@link WatchdogChildJvmTest}: starts a {@link Watchdog} with a
 * short window, then either leaks about 300 KB every 200 ms into a static list ({@code leak}), or
 * fills a cache in its first 1.5 seconds and then only replaces its entries ({@code healthy}), or
 * fills it and leaves it ({@code steady}). All make short-lived garbage and (unless {@code
 * -Dleakscope.child.explicitGc=false}) call {@code System.gc()} once a second, so that
 * old-generation samples come at the same pace. Arguments: mode, evidence directory, seconds to
 * run, and for {@code leak} the file where the bytes leaked so far are recorded after each step
 * ({@link ChildProgress}).
 */
public final class WatchdogChild {

  static final TrendSettings TREND =
      new TrendSettings(Duration.ofSeconds(20), Duration.ofSeconds(3), 0.01, 1024, 0.02, 6);
  static final EvidenceBudget BUDGET =
      new EvidenceBudget(2, 1L << 30, 256L << 20, Duration.ofSeconds(3));

  private static final List<byte[]> LEAKED = new ArrayList<>();
  private static final ArrayDeque<byte[]> CACHE = new ArrayDeque<>();

  /** Entries of 1,000 bytes the cache holds once full. */
  private static final int CACHE_ENTRIES = 20_000;

  /** The cache is full by then, however slowly the ticks come. */
  private static final long FILLED_BY_MILLIS = 1_500;

  private static volatile Object sink;

  /** {@code -Dleakscope.child.explicitGc=false} leaves all collections to the JVM. */
  private static final boolean EXPLICIT_GC =
      Boolean.parseBoolean(System.getProperty("leakscope.child.explicitGc", "true"));

  private WatchdogChild() {}

  public static void main(String[] args) throws Exception {
    boolean leak = args[0].equals("leak");
    Path dir = Path.of(args[1]);
    long runMillis = Long.parseLong(args[2]) * 1000;
    Path progress = leak ? Path.of(args[3]) : null;
    long leakedBytes = 0;
    WatchdogConfig config =
        new WatchdogConfig(dir, TREND, BUDGET, Duration.ofSeconds(1), Clock.systemUTC());
    try (Watchdog watchdog = Watchdog.start(config)) {
      long start = System.currentTimeMillis();
      long lastGc = start;
      while (System.currentTimeMillis() - start < runMillis) {
        if (leak) {
          for (int i = 0; i < 300; i++) {
            LEAKED.add(new byte[1000]);
          }
          leakedBytes += 300 * 1000;
          ChildProgress.record(progress, leakedBytes);
        } else if (CACHE.size() < CACHE_ENTRIES || args[0].equals("healthy")) {
          // 20 MB cache: filled in the first 1.5 seconds, then (healthy) each tick replaces 300.
          // The
          // filling ends by the clock, not by ticks, well inside the watchdog's 3 s warm-up: on a
          // machine busy with other work ten ticks took longer, and the cache still filling after
          // the warm-up read as growth
          boolean late = System.currentTimeMillis() - start >= FILLED_BY_MILLIS;
          int add =
              CACHE.size() < CACHE_ENTRIES
                  ? (late ? CACHE_ENTRIES - CACHE.size() : CACHE_ENTRIES / 10)
                  : 300;
          for (int i = 0; i < add; i++) {
            CACHE.addLast(new byte[1000]);
            if (CACHE.size() > CACHE_ENTRIES) {
              CACHE.removeFirst();
            }
          }
        }
        for (int i = 0; i < 20_000; i++) {
          sink = new byte[200];
        }
        if (EXPLICIT_GC && System.currentTimeMillis() - lastGc >= 1000) {
          System.gc();
          lastGc = System.currentTimeMillis();
        }
        Thread.sleep(200);
      }
      System.out.println(
          "final verdict " + watchdog.latestVerdict() + " basis " + watchdog.latestBasis());
    }
  }
}
