package io.leakscope.junit5.probe;

import io.leakscope.junit5.CheckLeaks;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Leaves a fixed pool running. Its idle workers survive the interrupt, so the second test checks
 * that they are part of its fresh baseline rather than a second failure.
 */
@CheckLeaks(lingerMillis = 200)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class LeakingPoolProbe {

  /** The leaked pool, so the outer test can shut it down. */
  public static volatile ExecutorService pool;

  @Test
  @Order(1)
  void leavesPoolRunning() throws Exception {
    pool = Executors.newFixedThreadPool(2);
    // Workers start lazily, one per submitted task up to the core size.
    pool.submit(() -> {}).get();
    pool.submit(() -> {}).get();
  }

  @Test
  @Order(2)
  void runsAfterThePoolLeak() {}
}
