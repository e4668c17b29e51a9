package corpus.app.async;

import corpus.support.HeapDumps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Leak: requests to a carrier's message queue wait for a reply with {@code orTimeout(30, MINUTES)};
 * the reply handler completes the request's future and the pending map lets go of it. One request
 * in three never gets a reply (the carrier drops them), so its future waits for its timeout, half
 * an hour away, held by the JDK's timeout scheduler: +1,000 futures per step, each with its
 * shipment.
 */
public final class CarrierReplies {
  static final Map<Integer, CompletableFuture<String>> PENDING = new ConcurrentHashMap<>();

  /** What a booking asks the carrier. */
  static final class Shipment {
    final int id;
    final List<String> parcels = new ArrayList<>();

    Shipment(int id) {
      this.id = id;
      for (int p = 0; p < 6; p++) {
        parcels.add("shipment " + id + " parcel " + p + " 2.5kg");
      }
    }
  }

  static CompletableFuture<String> book(Shipment shipment) {
    CompletableFuture<String> reply = new CompletableFuture<>();
    PENDING.put(shipment.id, reply);
    return reply
        .orTimeout(30, TimeUnit.MINUTES) // the bug: far longer than any caller waits
        .whenComplete((r, e) -> PENDING.remove(shipment.id))
        .thenApply(label -> label + " for " + shipment.parcels.size() + " parcels");
  }

  static void onReply(int id) {
    CompletableFuture<String> reply = PENDING.remove(id);
    if (reply != null) {
      reply.complete("label-" + id);
    }
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    int n = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 3_000; i++, n++) {
        book(new Shipment(n));
        if (n % 3 != 0) {
          onReply(n);
        } else {
          PENDING.remove(n); // the caller gave up after a few seconds; the timeout did not
        }
      }
      dumps.take(dump);
    }
  }

  private CarrierReplies() {}
}
