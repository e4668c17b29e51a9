package corpus.app.tasks;

import corpus.support.HeapDumps;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Healthy: the same long task timer as {@link ExportTimers}, each sample stopped in a finally
 * block; about 50 exports are in progress at any time, 2,000 before each dump.
 */
public final class ExportTimersStopped {
  static final SimpleMeterRegistry REGISTRY = new SimpleMeterRegistry();

  static final LongTaskTimer ACTIVE = LongTaskTimer.builder("exports.active").register(REGISTRY);

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    Deque<LongTaskTimer.Sample> running = new ArrayDeque<>();
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 2_000; i++) {
        running.add(ACTIVE.start());
        if (running.size() > 50) {
          running.poll().stop(); // the oldest export is done
        }
      }
      dumps.take(dump);
    }
    System.out.println("active " + ACTIVE.activeTasks());
  }

  private ExportTimersStopped() {}
}
