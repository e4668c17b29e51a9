package io.leakscope.junit5.probe;

import io.leakscope.junit5.CheckLeaks;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Leaks a sleeping thread in the first test; the second test must not inherit the failure. */
@CheckLeaks(lingerMillis = 200)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class LeakingThreadProbe {

  /** The leaked thread, so the outer test can check it was interrupted. */
  public static volatile Thread leaked;

  @Test
  @Order(1)
  void leaksSleepingThread() {
    leaked = new Thread(LeakingThreadProbe::sleepThirtySeconds, "leaky-sleeper");
    leaked.start();
  }

  @Test
  @Order(2)
  void runsAfterTheLeak() {}

  static void sleepThirtySeconds() {
    try {
      Thread.sleep(30_000);
    } catch (InterruptedException e) {
      // interrupted by the leak check: end
    }
  }
}
