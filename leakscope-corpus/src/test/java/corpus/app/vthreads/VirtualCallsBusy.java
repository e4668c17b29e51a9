package corpus.app.vthreads;

import corpus.support.HeapDumps;
import corpus.support.LoopbackServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Healthy (JDK 21 or later): the same stock checks on virtual threads, against a supplier that
 * answers: each check's thread ends with its answer. The same 1,000 checks (in waves of 100) before
 * each dump.
 */
public final class VirtualCallsBusy {
  static int check(int port, int n) throws IOException {
    HttpURLConnection connection =
        (HttpURLConnection)
            URI.create("http://127.0.0.1:" + port + "/stock/sku-" + n).toURL().openConnection();
    connection.setConnectTimeout(2_000);
    connection.setReadTimeout(5_000);
    try (InputStream in = connection.getInputStream()) {
      return in.readAllBytes().length;
    }
  }

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    ExecutorService calls = VirtualStockChecks.virtualThreads();
    long answered = 0;
    try (LoopbackServer supplier = LoopbackServer.start()) {
      for (int dump = 1; dump <= 3; dump++) {
        for (int wave = 0; wave < 10; wave++) { // 100 at a time, as the supplier's backlog takes
          List<Future<Integer>> checks = new ArrayList<>();
          for (int n = 0; n < 100; n++) {
            int sku = wave * 100 + n;
            checks.add(calls.submit(() -> check(supplier.port(), sku)));
          }
          for (Future<Integer> check : checks) {
            answered += check.get();
          }
        }
        Thread.sleep(300);
        dumps.take(dump);
      }
    }
    System.out.println("answered " + answered);
    System.exit(0);
  }

  private VirtualCallsBusy() {}
}
