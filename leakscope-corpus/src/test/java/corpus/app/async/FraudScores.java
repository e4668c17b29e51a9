package corpus.app.async;

import corpus.support.HeapDumps;
import corpus.support.LoopbackServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * Leak: each payment asks for a fraud score with {@code CompletableFuture.supplyAsync} and its
 * default executor, and the call blocks on the scoring service (a JVM of its own), which has
 * stopped answering, with no read timeout. Where the common fork-join pool has more than one
 * worker, its workers hang and every later payment's task waits in the pool's queues; with one or
 * two processors (the common pool's parallelism 1), JDK 17 runs each task on a new thread instead,
 * which hangs too: +150 per step either way, each keeping its payment (and its 2 KB basket).
 */
public final class FraudScores {
  /** A payment waiting for its score. */
  record Payment(String id, String card, long cents, String merchant, byte[] basket) {}

  static int score(int port, Payment payment) {
    try {
      HttpURLConnection connection =
          (HttpURLConnection)
              URI.create("http://127.0.0.1:" + port + "/hang/score/" + payment.id())
                  .toURL()
                  .openConnection();
      try (InputStream in = connection.getInputStream()) { // no read timeout
        return in.read();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    try (LoopbackServer scoring = LoopbackServer.start()) {
      int n = 0;
      for (int dump = 1; dump <= 3; dump++) {
        for (int i = 0; i < 150; i++, n++) {
          Payment payment =
              new Payment(
                  "payment-" + n,
                  "4111-****-****-" + (1000 + n % 9000),
                  100 + n,
                  "merchant-" + n,
                  new byte[2_048]);
          CompletableFuture.supplyAsync(() -> score(scoring.port(), payment))
              .thenAccept(s -> System.out.print(""));
        }
        Thread.sleep(500);
        dumps.take(dump);
      }
    }
    System.exit(0);
  }

  private FraudScores() {}
}
