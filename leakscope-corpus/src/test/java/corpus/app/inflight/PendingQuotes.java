package corpus.app.inflight;

import corpus.support.HeapDumps;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Leak under churn: quote requests in flight are kept in a map, so that a second request for the
 * same quote joins the first; an answer removes its entry, but a failed call never does. About 900
 * requests are in flight at any time, each answered 300 ms later and gone; one in 40 fails and
 * stays, +110 a step. Most of each dump's entries are new, yet the failed ones stay for good.
 */
public final class PendingQuotes {
  /** A quote asked of the pricing service, while it is being computed. */
  record Pending(String quoteId, String customer, long asked, byte[] request) {}

  static final Map<String, Pending> IN_FLIGHT = new ConcurrentHashMap<>();

  /** The pricing service's answer, or its failure: only an answer removes the entry. */
  static void answered(String quoteId, boolean failed) {
    if (!failed) {
      IN_FLIGHT.remove(quoteId); // the failed ones are never removed
    }
  }

  public static void main(String[] args) throws InterruptedException {
    HeapDumps dumps = HeapDumps.from(args);
    ScheduledExecutorService pricing = Executors.newSingleThreadScheduledExecutor();
    int n = 0;
    for (int dump = 1; dump <= 3; dump++) {
      long until = System.nanoTime() + 1_500_000_000L;
      while (System.nanoTime() < until) {
        for (int i = 0; i < 30; i++, n++) {
          String id = "quote-" + UUID.randomUUID();
          IN_FLIGHT.put(
              id, new Pending(id, "customer-" + (n % 500), System.nanoTime(), new byte[200]));
          boolean fails = n % 40 == 7;
          pricing.schedule(() -> answered(id, fails), 300, TimeUnit.MILLISECONDS);
        }
        Thread.sleep(10);
      }
      dumps.take(dump);
    }
    System.out.println("in flight " + IN_FLIGHT.size());
    pricing.shutdownNow();
  }

  private PendingQuotes() {}
}
