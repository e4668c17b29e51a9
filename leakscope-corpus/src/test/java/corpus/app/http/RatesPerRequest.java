package corpus.app.http;

import corpus.support.HeapDumps;
import corpus.support.LoopbackServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Healthy, though wasteful: a new JDK {@code HttpClient} per request to a rates service (in a JVM
 * of its own), dropped after the response and never closed (JDK 17 has no {@code close()}). Each
 * client runs a selector thread ({@code HttpClient-N-SelectorManager}, one number in its name) that
 * ends by itself a few seconds after the client is collected, so the clients of the last seconds'
 * requests still have theirs at each dump; the same 200 requests before each dump, the same number
 * of such threads.
 */
public final class RatesPerRequest {
  static String rate(int port, int id) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/rates/" + id)).build();
    return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    try (LoopbackServer server = LoopbackServer.start()) {
      int id = 0;
      for (int dump = 1; dump <= 3; dump++) {
        for (int i = 0; i < 200; i++, id++) {
          rate(server.port(), id);
        }
        dumps.take(dump);
      }
    }
  }

  private RatesPerRequest() {}
}
