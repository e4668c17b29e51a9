package corpus.app.leases;

import corpus.support.HeapDumps;
import corpus.support.LoopbackServer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ClassicHttpResponse;

/**
 * Leak (threads) through Apache HttpClient 5's connection pool: one shared client (5 connections
 * per route by default) whose responses are opened and never closed, so each keeps its connection
 * leased. The first five requests take the five connections for good; every later one waits in the
 * pool's lease (its default connection request timeout is three minutes), on a cached pool's
 * thread: 40 requests per step, 115 threads waiting at the end.
 */
public final class UnclosedResponses {
  static final CloseableHttpClient CLIENT = HttpClients.createDefault();

  static final ExecutorService REQUESTS = Executors.newCachedThreadPool();

  static int status(int port, int order) throws Exception {
    // the bug: the response is never closed, so its connection is never given back
    ClassicHttpResponse response =
        CLIENT.executeOpen(
            null, new HttpGet("http://127.0.0.1:" + port + "/orders/" + order), null);
    return response.getCode();
  }

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    try (LoopbackServer partner = LoopbackServer.start()) {
      int order = 0;
      for (int dump = 1; dump <= 3; dump++) {
        for (int i = 0; i < 40; i++, order++) {
          int n = order;
          REQUESTS.submit(() -> status(partner.port(), n));
        }
        Thread.sleep(1_000);
        dumps.take(dump);
      }
    }
    System.exit(0); // the waiting threads would keep the JVM alive
  }

  private UnclosedResponses() {}
}
