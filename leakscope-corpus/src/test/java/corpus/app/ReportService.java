package corpus.app;

import corpus.support.HeapDumps;

/**
 * Leak (thread pools): a reporting service that makes a fixed thread pool of 2 per job and never
 * shuts it down; 40 more pools (80 more idle threads) between dumps: 120 pools at the last dump.
 */
public final class ReportService {
  /** Pools made between two dumps. */
  static final int POOLS_PER_STEP = 40;

  private static int jobs;

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    for (int dump = 1; dump <= 3; dump++) {
      long total = 0;
      for (int i = 0; i < POOLS_PER_STEP; i++) {
        total += ReportJobs.run(jobs++);
      }
      System.out.println("rendered " + total);
      HeapDumps.pause(200); // every pool's threads are parked in getTask
      dumps.take(dump);
    }
    System.exit(0); // the leaked pools' threads are not daemons
  }

  private ReportService() {}
}
