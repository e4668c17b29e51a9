package io.leakscope.junit5.probe;

import java.lang.ref.WeakReference;

/** Waits for garbage collection in a bounded loop, for tests; no fixed sleeps. */
public final class Gc {

  private Gc() {}

  /**
   * Requests collections until {@code ref} is cleared or about 5 seconds have passed.
   *
   * @return whether the reference was cleared
   */
  public static boolean awaitCleared(WeakReference<?> ref) {
    return await(() -> ref.get() == null);
  }

  /** Requests collections until {@code condition} holds or about 5 seconds have passed. */
  public static boolean await(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      System.gc();
      // Give the reference handler and cleaner threads a moment to run, without a fixed sleep.
      Thread.onSpinWait();
      Thread.yield();
    }
    return true;
  }
}
