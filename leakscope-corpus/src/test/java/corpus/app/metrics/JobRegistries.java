package corpus.app.metrics;

import corpus.support.HeapDumps;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;

/**
 * Leak: each batch job adds a {@link SimpleMeterRegistry} of its own to Micrometer's global
 * registry ({@link Metrics#globalRegistry}) to read its own counts at the end, and never removes
 * it. The global composite keeps every registry added, and gives each a copy of every global meter:
 * +150 registries per step, each with its meters.
 */
public final class JobRegistries {
  static final String[] STAGES = {"read", "parse", "validate", "enrich", "write", "notify"};

  static long runJob(int job) {
    SimpleMeterRegistry mine = new SimpleMeterRegistry();
    Metrics.addRegistry(mine); // the bug: no Metrics.removeRegistry(mine) at the end
    for (String stage : STAGES) {
      Counter.builder("job.records")
          .tag("stage", stage)
          .register(Metrics.globalRegistry)
          .increment(job % 17 + 1);
      Timer.builder("job.stage")
          .tag("stage", stage)
          .register(Metrics.globalRegistry)
          .record(Duration.ofMillis(job % 50));
    }
    return (long) mine.get("job.records").tag("stage", "write").counter().count();
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    int job = 0;
    long records = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 150; i++, job++) {
        records += runJob(job);
      }
      dumps.take(dump);
    }
    System.out.println("records " + records);
  }

  private JobRegistries() {}
}
