package corpus.app.hooks;

import corpus.support.HeapDumps;

/**
 * Leak: each import job registers a shutdown hook that would delete its staging data if the JVM
 * stopped mid-job, and never removes it when the job ends. The JDK keeps every hook (an unstarted
 * thread, with its staging buffer) until exit: +1,500 per step.
 */
public final class JobCleanups {
  /** What a job stages before it commits. */
  static final class Staging {
    final String job;
    final byte[] rows = new byte[400];

    Staging(String job) {
      this.job = job;
    }

    void discard() {
      rows[0] = 0;
    }
  }

  static long runJob(int n) {
    Staging staging = new Staging("import-" + n);
    Runtime.getRuntime().addShutdownHook(new Thread(staging::discard, "cleanup-import-" + n));
    long sum = 0;
    for (byte b : staging.rows) {
      sum += b;
    }
    return sum + staging.job.length(); // the bug: the hook is never removed when the job ends
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    int n = 0;
    long sum = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 1_500; i++, n++) {
        sum += runJob(n);
      }
      dumps.take(dump);
    }
    System.out.println("jobs " + n + " " + sum);
    Runtime.getRuntime().halt(0); // do not run 4,500 hooks
  }

  private JobCleanups() {}
}
