package corpus.app;

import corpus.support.HeapDumps;
import java.math.BigDecimal;

/**
 * Leak: a pricing service that caches each computed quote in a Guava {@code CacheBuilder} cache (a
 * segmented {@code LocalCache}) keyed by request id ({@link QuoteCache#QUOTES}); 4,000 more quotes
 * between dumps.
 */
public final class QuoteService {
  private static int requests;

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    for (int dump = 1; dump <= 3; dump++) {
      serve(4_000);
      dumps.take(dump);
    }
  }

  static void serve(int count) {
    for (int i = 0; i < count; i++) {
      String requestId = "quote-" + (requests++);
      Quote quote = new Quote(requestId, "SYM" + (requests % 300), BigDecimal.valueOf(requests, 2));
      QuoteCache.QUOTES.put(requestId, quote);
    }
  }

  private QuoteService() {}
}
