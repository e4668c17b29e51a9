package corpus.app.tasks;

import corpus.support.HeapDumps;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Leak through a Micrometer {@link LongTaskTimer}: each export starts a sample to show exports in
 * progress, and the path that handles a failed export returns without stopping it. The timer keeps
 * every active sample until it is stopped: +2,000 per step (every export fails here).
 */
public final class ExportTimers {
  static final SimpleMeterRegistry REGISTRY = new SimpleMeterRegistry();

  static final LongTaskTimer ACTIVE = LongTaskTimer.builder("exports.active").register(REGISTRY);

  static boolean export(int n) {
    LongTaskTimer.Sample sample = ACTIVE.start();
    byte[] rows = new byte[200];
    rows[0] = (byte) n;
    if (rows.length > 100) {
      return false; // the bug: the failure path never calls sample.stop()
    }
    sample.stop();
    return true;
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    int n = 0;
    int failed = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 2_000; i++, n++) {
        if (!export(n)) {
          failed++;
        }
      }
      dumps.take(dump);
    }
    System.out.println("failed " + failed + " active " + ACTIVE.activeTasks());
  }

  private ExportTimers() {}
}
