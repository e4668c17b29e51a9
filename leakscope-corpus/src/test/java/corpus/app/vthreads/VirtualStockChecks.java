package corpus.app.vthreads;

import corpus.app.calls.StockChecks;
import corpus.app.calls.StockChecks.StockCheck;
import corpus.support.HeapDumps;
import corpus.support.LoopbackServer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Leak (threads, JDK 21 or later): stock checks run on virtual threads, a thread per check ({@code
 * Executors.newVirtualThreadPerTaskExecutor()}), each asking a supplier over {@link
 * java.net.HttpURLConnection} with no read timeout ({@link StockChecks#check}). The supplier has
 * stopped answering, so every check's virtual thread waits in a socket read for good: +400 virtual
 * threads per step, 1,200 at the end, each keeping its check's basket. No platform thread is stuck:
 * a blocked virtual thread leaves its carrier, and only the JDK's poller remembers it.
 */
public final class VirtualStockChecks {
  /** {@code Executors.newVirtualThreadPerTaskExecutor()}, looked up so the corpus builds on 17. */
  static ExecutorService virtualThreads() throws ReflectiveOperationException {
    return (ExecutorService)
        Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
  }

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    ExecutorService calls = virtualThreads();
    try (LoopbackServer supplier = LoopbackServer.start()) {
      int n = 0;
      for (int dump = 1; dump <= 3; dump++) {
        for (int i = 0; i < 400; i++, n++) {
          StockCheck check = new StockCheck(n);
          calls.submit(() -> StockChecks.check(supplier.port(), check));
        }
        Thread.sleep(1_500);
        dumps.take(dump);
      }
    }
    System.exit(0);
  }

  private VirtualStockChecks() {}
}
