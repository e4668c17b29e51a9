package io.leakscope.cli.it.programs;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A backlog behind a stuck worker: a single-thread executor (its thread named {@code
 * export-worker}) whose worker waits on a latch that never opens, with 3,000 exports of 400 bytes
 * queued behind it.
 */
public final class StuckWorkerProgram {
  static final ExecutorService EXPORTS =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "export-worker"));

  private static final CountDownLatch DOWNSTREAM = new CountDownLatch(1);

  /** One queued export. */
  public static final class Export implements Runnable {
    final byte[] rows = new byte[400];

    @Override
    public void run() {
      // nothing: the worker never gets here
    }
  }

  /** What the worker is stuck in: a call that never answers. */
  static final class SlowDownstream implements Runnable {
    @Override
    public void run() {
      try {
        DOWNSTREAM.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public static void main(String[] args) throws IOException {
    EXPORTS.execute(new SlowDownstream());
    for (int i = 0; i < 3_000; i++) {
      EXPORTS.execute(new Export());
    }
    CommandLoop.readyThenServe(Map.of());
  }
}
