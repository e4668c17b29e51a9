package corpus.app;

import corpus.support.HeapDumps;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Leak (a backlog): exports are handed to a single worker thread through an executor's unbounded
 * queue, and the worker is stuck on a slow downstream call (here: a latch that never opens), so the
 * queue only grows: +3,000 {@link ExportTask} per step, each with the rows it will write.
 */
public final class ExportService {
  /** The worker; its queue is where the backlog accumulates. */
  static final ExecutorService EXPORTS = Executors.newSingleThreadExecutor();

  private static final CountDownLatch DOWNSTREAM = new CountDownLatch(1);

  /** One export waiting for the worker. */
  static final class ExportTask implements Runnable {
    final String account;
    final byte[] rows = new byte[400];

    ExportTask(String account) {
      this.account = account;
    }

    @Override
    public void run() {
      try {
        DOWNSTREAM.await(); // the slow downstream call: never answers here
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    int requested = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 3_000; i++, requested++) {
        EXPORTS.execute(new ExportTask("account-" + requested));
      }
      dumps.take(dump);
    }
    EXPORTS.shutdownNow();
  }

  private ExportService() {}
}
