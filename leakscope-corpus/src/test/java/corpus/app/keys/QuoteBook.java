package corpus.app.keys;

import corpus.support.HeapDumps;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Leak: quotes memoized in a map by a key class that overrides neither {@code equals} nor {@code
 * hashCode}, so every lookup makes a new entry for the same symbol and currency: the cache never
 * hits and grows by every request. 300 symbols in 4 currencies; +4,000 lookups per step.
 */
public final class QuoteBook {
  /** What a quote is looked up by: the bug is the missing equals and hashCode. */
  static final class QuoteKey {
    final String symbol;
    final String currency;

    QuoteKey(String symbol, String currency) {
      this.symbol = symbol;
      this.currency = currency;
    }
  }

  /** A priced quote. */
  record Quote(String symbol, String currency, long priceMicros, byte[] depth) {}

  static final Map<QuoteKey, Quote> QUOTES = new ConcurrentHashMap<>();

  static Quote quote(String symbol, String currency) {
    return QUOTES.computeIfAbsent(
        new QuoteKey(symbol, currency),
        k -> new Quote(k.symbol, k.currency, k.symbol.hashCode() & 0xffffL, new byte[256]));
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    String[] currencies = {"USD", "EUR", "GBP", "JPY"};
    int n = 0;
    long total = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 4_000; i++, n++) {
        total += quote("SYM" + (n % 300), currencies[n % 4]).priceMicros();
      }
      dumps.take(dump);
    }
    System.out.println("total " + total);
  }

  private QuoteBook() {}
}
