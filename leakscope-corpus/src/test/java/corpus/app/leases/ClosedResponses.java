package corpus.app.leases;

import corpus.support.HeapDumps;
import corpus.support.LoopbackServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * Healthy: the same shared Apache HttpClient 5 as {@link UnclosedResponses}, each response read and
 * closed (a response handler), from 8 threads; 400 requests before each dump.
 */
public final class ClosedResponses {
  static final CloseableHttpClient CLIENT = HttpClients.createDefault();

  static final ExecutorService REQUESTS = Executors.newFixedThreadPool(8);

  static String status(int port, int order) throws Exception {
    return CLIENT.execute(
        new HttpGet("http://127.0.0.1:" + port + "/orders/" + order),
        response -> EntityUtils.toString(response.getEntity()));
  }

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    try (LoopbackServer partner = LoopbackServer.start()) {
      int order = 0;
      long bytes = 0;
      for (int dump = 1; dump <= 3; dump++) {
        List<Future<String>> replies = new ArrayList<>();
        for (int i = 0; i < 400; i++, order++) {
          int n = order;
          replies.add(REQUESTS.submit(() -> status(partner.port(), n)));
        }
        for (Future<String> reply : replies) {
          bytes += reply.get().length();
        }
        dumps.take(dump);
      }
      System.out.println("read " + bytes);
    }
    REQUESTS.shutdown();
    CLIENT.close();
  }

  private ClosedResponses() {}
}
