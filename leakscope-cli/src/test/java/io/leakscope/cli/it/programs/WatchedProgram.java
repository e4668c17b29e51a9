package io.leakscope.cli.it.programs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A service for {@code leakscope watch} to watch. A background thread wakes every 50 ms, replaces
 * one entry of a fixed cache of 2,000 arrays of 1 KB (churn: the live set stays the same) and, with
 * {@code -Dwatched.leak=true}, adds a 64 KB {@code byte[]} to a static list that is never cleared
 * (about 1.3 MB a second). Every fifth wake-up it calls {@code System.gc()}, so that the live set
 * after GC is measured often without the watcher forcing collections.
 */
public final class WatchedProgram {
  static final List<byte[]> LEAKED = new ArrayList<>();
  static final byte[][] CACHE = new byte[2000][];

  public static void main(String[] args) throws IOException {
    boolean leak = Boolean.getBoolean("watched.leak");
    for (int i = 0; i < CACHE.length; i++) {
      CACHE[i] = new byte[1024];
    }
    Thread worker = new Thread(() -> work(leak), "watched-worker");
    worker.setDaemon(true);
    worker.start();
    CommandLoop.readyThenServe(Map.of());
  }

  private static void work(boolean leak) {
    for (int tick = 1; ; tick++) {
      CACHE[tick % CACHE.length] = new byte[1024];
      if (leak) {
        LEAKED.add(new byte[64 * 1024]);
      }
      if (tick % 5 == 0) {
        System.gc();
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
