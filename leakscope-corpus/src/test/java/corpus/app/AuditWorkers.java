package corpus.app;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The request worker pool of {@link AuditService}. */
public final class AuditWorkers {
  /** Four long-lived workers; the SLF4J/Logback MDC of each is where the leak sits. */
  static final ExecutorService POOL = Executors.newFixedThreadPool(4);

  private AuditWorkers() {}
}
