package corpus.app;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

/** The quotes of {@link QuoteService}, in a segmented Guava cache without a bound. */
public final class QuoteCache {
  /** The leak: keyed by request id, 8 segments, no maximum size, no expiry. */
  static final Cache<String, Quote> QUOTES =
      CacheBuilder.newBuilder().concurrencyLevel(8).recordStats().build();

  private QuoteCache() {}
}
