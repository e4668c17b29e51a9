package corpus.app;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import corpus.support.HeapDumps;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Leak (ThreadLocal): a multi-tenant service whose workers (a pool with Guava's {@code
 * ThreadFactoryBuilder}, threads {@code tenant-worker-N}) keep a {@link TenantContext} in a
 * ThreadLocal ({@link TenantContext#CURRENT}) that is never removed; each request appends an {@link
 * AuditEntry} to it; 3,000 more entries between dumps.
 */
public final class TenantService {
  static final ExecutorService WORKERS =
      Executors.newFixedThreadPool(
          3, new ThreadFactoryBuilder().setNameFormat("tenant-worker-%d").build());

  private static int requests;

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    for (int dump = 1; dump <= 3; dump++) {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < 3_000; i++) {
        int request = requests++;
        done.add(WORKERS.submit(() -> handle(request)));
      }
      for (Future<?> f : done) {
        f.get();
      }
      dumps.take(dump);
    }
    WORKERS.shutdown();
  }

  private static void handle(int request) {
    TenantContext context = TenantContext.CURRENT.get();
    context.tenant = "tenant-" + (request % 12);
    context.audit.add(
        new AuditEntry("req-" + request, "read:" + context.tenant, System.nanoTime()));
  }

  private TenantService() {}
}
