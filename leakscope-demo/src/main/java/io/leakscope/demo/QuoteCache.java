package io.leakscope.demo;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Leak {@code cache}: quotes cached per customer and symbol, with no size limit and no expiry.
 * Customers keep coming, so the map only grows: the classic unbounded static cache.
 */
final class QuoteCache {

  /** Customer and symbol to the last quote: the leak. */
  static final Map<String, Quote> ENTRIES = new ConcurrentHashMap<>();

  private QuoteCache() {}

  static void remember(Quote quote) {
    ENTRIES.put(quote.customer() + "/" + quote.symbol(), quote);
  }

  static int size() {
    return ENTRIES.size();
  }

  static void clear() {
    ENTRIES.clear();
  }
}
