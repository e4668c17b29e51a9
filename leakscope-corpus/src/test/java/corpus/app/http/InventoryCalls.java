package corpus.app.http;

import corpus.support.HeapDumps;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Leak in a hand-written RPC client: each call to the inventory service puts a future in a map of
 * pending calls, keyed by call id, and the reply handler removes it. Calls that time out complete
 * their future with a timeout, but nobody removes them from the map: +1,500 per step (the service
 * never answers here).
 */
public final class InventoryCalls {
  static final Map<Long, CompletableFuture<String>> PENDING = new ConcurrentHashMap<>();

  static CompletableFuture<String> call(long id, String sku) {
    CompletableFuture<String> reply = new CompletableFuture<>();
    PENDING.put(id, reply);
    // the request for sku would be sent here; the reply handler would remove id
    return reply.orTimeout(1, TimeUnit.MILLISECONDS);
  }

  /** What the reply handler does, for calls that are answered. */
  static void onReply(long id, String body) {
    CompletableFuture<String> reply = PENDING.remove(id);
    if (reply != null) {
      reply.complete(body);
    }
  }

  public static void main(String[] args) throws InterruptedException {
    HeapDumps dumps = HeapDumps.from(args);
    long id = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 1_500; i++, id++) {
        call(id, "sku-" + id % 300).exceptionally(e -> "unknown");
      }
      Thread.sleep(200); // every call has timed out
      dumps.take(dump);
    }
  }

  private InventoryCalls() {}
}
