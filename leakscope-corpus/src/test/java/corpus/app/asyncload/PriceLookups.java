package corpus.app.asyncload;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import corpus.support.HeapDumps;
import java.util.concurrent.CompletableFuture;

/**
 * Leak through Caffeine's async cache: prices are loaded through an {@code AsyncLoadingCache} with
 * {@code maximumSize(1_000)}, from a pricing backend whose replies never come (the loader's future
 * never completes, no timeout). A load in flight is not evicted by size, so each request's key
 * stays with its pending future and the callback waiting on it: +3,000 per step.
 */
public final class PriceLookups {
  /** What a caller does with the price when it comes: the quote it will fill. */
  static final class QuoteRequest {
    final String sku;
    final byte[] quote = new byte[300];

    QuoteRequest(String sku) {
      this.sku = sku;
    }
  }

  static final AsyncLoadingCache<String, Long> PRICES =
      Caffeine.newBuilder()
          .maximumSize(1_000)
          .buildAsync((sku, executor) -> new CompletableFuture<Long>()); // the backend hangs

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    int n = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 3_000; i++, n++) {
        QuoteRequest request = new QuoteRequest("sku-" + n + "@" + (n % 17));
        PRICES.get(request.sku).thenAccept(cents -> request.quote[0] = (byte) (long) cents);
      }
      dumps.take(dump);
    }
    System.out.println("pending " + PRICES.synchronous().estimatedSize());
  }

  private PriceLookups() {}
}
