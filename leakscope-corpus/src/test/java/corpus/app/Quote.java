package corpus.app;

import java.math.BigDecimal;

/** A price quote computed for one request. */
public final class Quote {
  final String requestId;
  final String symbol;
  final BigDecimal price;
  final long[] history = new long[24];

  Quote(String requestId, String symbol, BigDecimal price) {
    this.requestId = requestId;
    this.symbol = symbol;
    this.price = price;
  }
}
