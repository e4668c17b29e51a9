package corpus.app;

import corpus.support.HeapDumps;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Leak (MDC): an audit service whose request handler puts request data into the SLF4J MDC
 * (Logback's {@code LogbackMDCAdapter}, a ThreadLocal map) under a key per order and never removes
 * it, on the 4 pooled worker threads of {@link AuditWorkers#POOL}; 2,000 more MDC entries between
 * dumps. No application field is on the path (the worker threads are the GC roots): the framework's
 * ThreadLocal field is the expected holder.
 */
public final class AuditService {
  private static final Logger LOG = LoggerFactory.getLogger(AuditService.class);
  private static int requests;

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    for (int dump = 1; dump <= 3; dump++) {
      serve(2_000);
      dumps.take(dump);
    }
    AuditWorkers.POOL.shutdown();
  }

  static void serve(int count) throws Exception {
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int request = requests++;
      done.add(AuditWorkers.POOL.submit(() -> handle(request)));
    }
    for (Future<?> f : done) {
      f.get();
    }
  }

  private static void handle(int request) {
    String orderId = "order-" + request;
    // The leak: a key per order, and no MDC.remove(key) or MDC.clear() at the end.
    MDC.put(orderId, "customer=" + (request % 900) + ";basket=" + "x".repeat(64) + request);
    if (request % 1_000 == 0) {
      LOG.debug("audited {}", orderId);
    }
  }

  private AuditService() {}
}
