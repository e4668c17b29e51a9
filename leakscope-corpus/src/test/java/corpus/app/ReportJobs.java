package corpus.app;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs one report job: in a thread pool of its own, made for the job and never shut down. Nothing
 * of the application keeps the pool; its two idle threads ({@code pool-N-thread-1} and {@code -2},
 * parked in {@code ThreadPoolExecutor.getTask}) keep it, and each other, alive for ever.
 */
final class ReportJobs {
  private ReportJobs() {}

  static long run(int job) throws InterruptedException, ExecutionException {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<Long>> parts = new ArrayList<>();
    for (int part = 0; part < 2; part++) {
      int seed = job * 2 + part;
      parts.add(pool.submit(() -> render(seed)));
    }
    long total = 0;
    for (Future<Long> f : parts) {
      total += f.get();
    }
    return total; // the leak: pool.shutdown() is never called
  }

  private static long render(int seed) {
    long sum = 0;
    for (int i = 0; i < 1_000; i++) {
      sum += (long) seed * i % 7;
    }
    return sum;
  }
}
