package io.leakscope.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Leak {@code listeners}: each request subscribes a listener for later price changes of its quote
 * and never unsubscribes, so the listener list, and every quote its lambdas capture, grows.
 */
final class PriceAlerts {

  /** Something to call when a price changes. */
  @FunctionalInterface
  interface PriceListener {
    void priceChanged(String symbol, double price);
  }

  /** Every listener ever subscribed: the leak. */
  static final List<PriceListener> LISTENERS = Collections.synchronizedList(new ArrayList<>());

  private PriceAlerts() {}

  static void subscribe(Quote quote) {
    LISTENERS.add(
        (symbol, price) -> {
          if (symbol.equals(quote.symbol()) && price > quote.price() * 1.1) {
            System.out.println("alert for " + quote.customer() + ": " + symbol + " " + price);
          }
        });
  }

  static int size() {
    return LISTENERS.size();
  }

  static void clear() {
    LISTENERS.clear();
  }
}
