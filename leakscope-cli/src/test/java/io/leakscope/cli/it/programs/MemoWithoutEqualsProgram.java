package io.leakscope.cli.it.programs;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Quotes memoized in a map by a key class that overrides neither {@code equals} nor {@code
 * hashCode}: each {@code grow} looks up every one of {@value #SYMBOLS} symbols in each of {@value
 * #CURRENCIES} currencies twice, and every lookup adds an entry. After three steps the map holds 6
 * × {@value #SYMBOLS} × {@value #CURRENCIES} quotes of {@value #SYMBOLS} × {@value #CURRENCIES}
 * different ones.
 */
public final class MemoWithoutEqualsProgram {
  /** Symbols looked up. */
  public static final int SYMBOLS = 200;

  /** Currencies each symbol is looked up in. */
  public static final int CURRENCIES = 3;

  /** The bug: no equals, no hashCode. */
  static final class QuoteKey {
    final String symbol;
    final String currency;

    QuoteKey(String symbol, String currency) {
      this.symbol = symbol;
      this.currency = currency;
    }
  }

  /** A priced quote. */
  static final class Quote {
    final String symbol;
    final String currency;
    final byte[] depth = new byte[200];

    Quote(String symbol, String currency) {
      this.symbol = symbol;
      this.currency = currency;
    }
  }

  static final Map<QuoteKey, Quote> QUOTES = new ConcurrentHashMap<>();

  public static void main(String[] args) throws IOException {
    String[] symbols = new String[SYMBOLS];
    for (int s = 0; s < SYMBOLS; s++) {
      symbols[s] = new StringBuilder("SYM").append(s).toString();
    }
    String[] currencies = {"USD", "EUR", "JPY"};
    CommandLoop.readyThenServe(
        Map.of(
            "grow",
            () -> {
              for (int twice = 0; twice < 2; twice++) {
                for (String symbol : symbols) {
                  for (String currency : currencies) {
                    QUOTES.computeIfAbsent(
                        new QuoteKey(symbol, currency), k -> new Quote(k.symbol, k.currency));
                  }
                }
              }
            }));
  }

  private MemoWithoutEqualsProgram() {}
}
