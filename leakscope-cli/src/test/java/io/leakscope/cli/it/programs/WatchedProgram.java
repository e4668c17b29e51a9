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
 * after GC is measured often without the watcher forcing collections; with {@code
 * -Dwatched.systemGc=false} it never does, and with {@code -Dwatched.garbage=BYTES} it makes that
 * much short-lived garbage each wake-up, so that only young collections run (a quiet old
 * generation, as in most services); with {@code -Dwatched.churn=false} the cache keeps its entries
 * (they would otherwise be promoted and die in the old generation, which its usage after young
 * collections cannot tell from a leak). With {@code -Dwatched.ballastMb=N} it also holds N MB that
 * never change, a live set of a service's size rather than a few MB.
 */
public final class WatchedProgram {
  static final List<byte[]> LEAKED = new ArrayList<>();
  static final byte[][] CACHE = new byte[2000][];
  static byte[][] ballast;

  public static void main(String[] args) throws IOException {
    boolean leak = Boolean.getBoolean("watched.leak");
    boolean systemGc = !"false".equals(System.getProperty("watched.systemGc"));
    int garbage = Integer.getInteger("watched.garbage", 0);
    boolean churn = !"false".equals(System.getProperty("watched.churn"));
    ballast = new byte[Integer.getInteger("watched.ballastMb", 0) * 16][];
    for (int i = 0; i < ballast.length; i++) {
      ballast[i] = new byte[64 * 1024];
    }
    for (int i = 0; i < CACHE.length; i++) {
      CACHE[i] = new byte[1024];
    }
    Thread worker = new Thread(() -> work(leak, systemGc, garbage, churn), "watched-worker");
    worker.setDaemon(true);
    worker.start();
    CommandLoop.readyThenServe(Map.of());
  }

  static volatile Object sink;

  private static void work(boolean leak, boolean systemGc, int garbage, boolean churn) {
    for (int tick = 1; ; tick++) {
      if (churn) {
        CACHE[tick % CACHE.length] = new byte[1024];
      }
      for (int made = 0; made < garbage; made += 16 * 1024) {
        sink = new byte[16 * 1024];
      }
      if (leak) {
        LEAKED.add(new byte[64 * 1024]);
      }
      if (systemGc && tick % 5 == 0) {
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
