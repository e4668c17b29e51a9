package corpus.app.workers;

import corpus.support.HeapDumps;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Leak: each import job runs on a thread of its own, which registers its progress in a map keyed by
 * the thread ({@link #PROGRESS}), for a status page; the job ends, its thread ends, and the entry
 * stays, keeping the finished thread object (its name, its group's bookkeeping) and the progress
 * with its log: +500 jobs per step.
 */
public final class JobProgress {
  /** Progress by worker thread: entries of finished threads are never removed. */
  static final Map<Thread, Progress> PROGRESS = new ConcurrentHashMap<>();

  /** What a job has done so far. */
  static final class Progress {
    final StringBuilder log = new StringBuilder();
    int rows;
  }

  static void importFile(int job) {
    Progress progress = new Progress();
    PROGRESS.put(Thread.currentThread(), progress);
    for (int row = 0; row < 20; row++) {
      progress.rows++;
      progress.log.append("job ").append(job).append(" row ").append(row).append(" ok\n");
    }
  }

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    int job = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 500; i++, job++) {
        int n = job;
        Thread worker = new Thread(() -> importFile(n), "import-" + n);
        worker.start();
        worker.join();
      }
      dumps.take(dump);
    }
  }

  private JobProgress() {}
}
