package corpus.app.http;

import corpus.support.HeapDumps;
import corpus.support.LoopbackServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Leak (threads): each tenant gets a JDK {@link HttpClient} of its own, kept in {@link #CLIENTS} by
 * tenant id and never closed or removed. A client has a selector thread ({@code
 * HttpClient-N-SelectorManager}) that runs as long as the client is reachable: +20 clients per
 * step, 60 threads at the end.
 */
public final class TenantClients {
  static final Map<String, HttpClient> CLIENTS = new ConcurrentHashMap<>();

  static int call(int port, String tenant) throws Exception {
    HttpClient client =
        CLIENTS.computeIfAbsent(
            tenant, t -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/rates/" + tenant))
            .timeout(Duration.ofSeconds(5))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString()).body().length();
  }

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    long bytes = 0;
    try (LoopbackServer rates = LoopbackServer.start()) {
      int tenant = 0;
      for (int dump = 1; dump <= 3; dump++) {
        for (int i = 0; i < 20; i++, tenant++) {
          bytes += call(rates.port(), "tenant-" + tenant);
        }
        Thread.sleep(500);
        dumps.take(dump);
      }
    }
    System.out.println("bytes " + bytes);
    System.exit(0);
  }

  private TenantClients() {}
}
