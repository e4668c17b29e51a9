package corpus.app.jobs;

import corpus.support.HeapDumps;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Leak through Spring: each batch job starts a Spring application context of its own, with a
 * shutdown hook so that it is closed when the JVM stops, and never closes it when the job is done.
 * The JVM's list of shutdown hooks keeps each hook, and each hook its context with all its beans:
 * +40 contexts per step.
 */
public final class NightlyJobs {
  /** What a job's context holds: a buffer of its rows. */
  public static final class RowBuffer {
    final byte[][] rows = new byte[64][256];
  }

  @Configuration
  public static class JobConfig {
    @Bean
    public RowBuffer rowBuffer() {
      return new RowBuffer();
    }
  }

  static void runJob() {
    AnnotationConfigApplicationContext context =
        new AnnotationConfigApplicationContext(JobConfig.class);
    context.registerShutdownHook();
    context.getBean(RowBuffer.class).rows[0][0] = 1;
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 40; i++) {
        runJob();
      }
      dumps.take(dump);
    }
  }

  private NightlyJobs() {}
}
