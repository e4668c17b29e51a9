package corpus.app.calls;

import corpus.support.HeapDumps;
import corpus.support.LoopbackServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Leak (threads): stock checks run on a cached thread pool ({@link #CALLS}), each asking a supplier
 * over {@link HttpURLConnection}, whose read timeout is infinite unless set. The supplier (a
 * service in a JVM of its own) has stopped answering, so every check waits in a socket read for
 * good, and the pool starts a thread for each new one: +40 threads per step, 120 at the end, each
 * keeping its check's basket.
 */
public final class StockChecks {
  /** The pool the checks run on: unbounded, a thread per check in flight. */
  static final ExecutorService CALLS = Executors.newCachedThreadPool();

  /** What one check asks the supplier about. */
  public static final class StockCheck {
    final String sku;
    final List<String> basketLines = new ArrayList<>();

    public StockCheck(int n) {
      this.sku = "sku-" + n;
      for (int line = 0; line < 20; line++) {
        basketLines.add("basket " + n + " line " + line + " warehouse " + (line % 7));
      }
    }
  }

  public static int check(int port, StockCheck check) throws IOException {
    HttpURLConnection connection =
        (HttpURLConnection)
            URI.create("http://127.0.0.1:" + port + "/hang/stock/" + check.sku)
                .toURL()
                .openConnection();
    connection.setConnectTimeout(2_000);
    // the bug: no setReadTimeout, so a supplier that stops answering stops the thread for good
    try (InputStream in = connection.getInputStream()) {
      return in.readAllBytes().length + check.basketLines.size();
    }
  }

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    try (LoopbackServer supplier = LoopbackServer.start()) {
      int n = 0;
      for (int dump = 1; dump <= 3; dump++) {
        for (int i = 0; i < 40; i++, n++) {
          StockCheck check = new StockCheck(n);
          CALLS.submit(() -> check(supplier.port(), check));
        }
        Thread.sleep(1_000);
        dumps.take(dump);
      }
    }
    System.exit(0); // the stuck threads would keep the JVM alive
  }

  private StockChecks() {}
}
