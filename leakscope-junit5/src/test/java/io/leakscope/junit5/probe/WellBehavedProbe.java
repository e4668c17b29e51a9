package io.leakscope.junit5.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.junit5.CheckLeaks;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Tests that clean up after themselves, or whose threads end within the lingering wait. */
@CheckLeaks
public class WellBehavedProbe {

  @Test
  void joinsItsThread() throws InterruptedException {
    Thread worker = new Thread(() -> {}, "joined-worker");
    worker.start();
    worker.join();
  }

  @Test
  void shutsItsPoolDown() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    pool.submit(() -> {}).get();
    pool.submit(() -> {}).get();
    pool.shutdown();
    if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
      throw new AssertionError("pool did not terminate");
    }
  }

  @Test
  void threadEndsShortlyAfterTheTest() {
    Thread finisher =
        new Thread(
            () -> {
              try {
                Thread.sleep(200);
              } catch (InterruptedException e) {
                throw new IllegalStateException("interrupted: the lingering wait did not wait", e);
              }
            },
            "late-finisher");
    finisher.start();
  }

  @Test
  void usesTheCommonPool() {
    // Parallel streams start ForkJoinPool.commonPool workers that idle for a minute; not a leak.
    assertThat(IntStream.range(0, 10_000).parallel().sum()).isEqualTo(49_995_000);
  }
}
