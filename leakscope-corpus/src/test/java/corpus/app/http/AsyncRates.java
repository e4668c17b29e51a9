package corpus.app.http;

import corpus.support.HeapDumps;
import corpus.support.LoopbackServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Leak through the JDK's {@link HttpClient}: one shared client sends each rate request with {@code
 * sendAsync} and no timeout ({@code HttpRequest.Builder.timeout} not set) to a rates service (a JVM
 * of its own) that has stopped answering. No thread waits; the client keeps each exchange, its
 * connection and the callback that would use the answer, until an answer that never comes: +150
 * requests per step.
 */
public final class AsyncRates {
  /** The service's one client. */
  static final HttpClient CLIENT = HttpClient.newHttpClient();

  /** What a request will do with its rate. */
  record RateRequest(String pair, String customer, StringBuilder audit) {}

  static void ask(int port, int n) {
    StringBuilder audit = new StringBuilder(4_096); // the answer's audit line goes here
    audit.append("asked at step ").append(n);
    RateRequest request = new RateRequest("EUR/USD", "customer-" + n, audit);
    HttpRequest get =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hang/rates/" + n))
            .build(); // the bug: no timeout
    CLIENT
        .sendAsync(get, HttpResponse.BodyHandlers.ofString())
        .thenAccept(response -> request.audit().append(response.body()));
  }

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    try (LoopbackServer rates = LoopbackServer.start()) {
      int n = 0;
      for (int dump = 1; dump <= 3; dump++) {
        for (int i = 0; i < 150; i++, n++) {
          ask(rates.port(), n);
        }
        Thread.sleep(1_000);
        dumps.take(dump);
      }
    }
    System.exit(0);
  }

  private AsyncRates() {}
}
