package corpus.app.http;

import corpus.support.HeapDumps;
import corpus.support.LoopbackServer;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.TimeValue;

/**
 * Leak through Apache HttpClient 5: each shipping quote is asked of the carrier (a service in a JVM
 * of its own) with a client built for the request, with idle connections evicted after a minute,
 * and the client is never closed. Its connection manager keeps the connection, and its evictor
 * thread ({@code idle-connection-evictor-N}, one number in its name) keeps the manager, asleep
 * between checks, until the client is closed: +40 clients per step, 120 at the end.
 */
public final class ShippingQuotes {
  static String quote(int port, int parcel) throws Exception {
    CloseableHttpClient client =
        HttpClients.custom().evictIdleConnections(TimeValue.ofMinutes(1)).build();
    // the bug: the client is not closed after the request (no try-with-resources)
    return client.execute(
        new HttpGet("http://127.0.0.1:" + port + "/quotes/" + parcel),
        response -> EntityUtils.toString(response.getEntity()));
  }

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    try (LoopbackServer carrier = LoopbackServer.start()) {
      int parcel = 0;
      for (int dump = 1; dump <= 3; dump++) {
        for (int i = 0; i < 40; i++, parcel++) {
          quote(carrier.port(), parcel);
        }
        Thread.sleep(300);
        dumps.take(dump);
      }
    }
  }

  private ShippingQuotes() {}
}
