package io.leakscope.junit5.internal;

import java.lang.ref.WeakReference;
import java.util.concurrent.TimeUnit;

/**
 * Waits for a weak reference to clear by requesting garbage collections in a bounded loop.
 *
 * <p>Design note: one {@link System#gc()} is usually enough, but it is only a request: concurrent
 * collectors may finish it later, and {@code -XX:+DisableExplicitGC} ignores it. So each round also
 * allocates a little garbage (which lets a collector that ignores the request run on allocation
 * pressure) and then pauses briefly, growing from 1 ms to {@link #MAX_PAUSE_MILLIS}, so a cleared
 * reference is seen within a few milliseconds and a reachable object costs at most {@code
 * maxRounds} rounds or the time limit. The loop never reads the referent into a local, so it does
 * not itself keep the object alive.
 *
 * <p>Stateless and thread-safe.
 */
public final class GcLoop {

  /** Default number of collection requests before giving up. */
  public static final int DEFAULT_ROUNDS = 50;

  /** Default time limit, in milliseconds. */
  public static final long DEFAULT_LIMIT_MILLIS = 5_000;

  static final long MAX_PAUSE_MILLIS = 50;

  /** Written so that the allocations cannot be optimised away. */
  @SuppressWarnings("unused")
  private static volatile Object sink;

  private GcLoop() {}

  /**
   * Returns the number of rounds it took for {@code ref} to clear (0 if it already was), or -1 if
   * it is still set after {@code maxRounds} rounds or {@code limitMillis}.
   */
  public static int awaitCleared(WeakReference<?> ref, int maxRounds, long limitMillis) {
    if (ref.get() == null) {
      return 0;
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limitMillis);
    for (int round = 1; round <= maxRounds; round++) {
      System.gc();
      if (ref.get() == null) {
        return round;
      }
      sink = new byte[64 * 1024];
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      pause(Math.min(Math.min(round, MAX_PAUSE_MILLIS), TimeUnit.NANOSECONDS.toMillis(left) + 1));
      if (ref.get() == null) {
        return round;
      }
    }
    sink = null;
    return -1;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // keep the status; the loop simply stops pausing
    }
  }
}
