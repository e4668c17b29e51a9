package corpus.app;

import java.math.BigDecimal;

/** An amount in a currency, as the pricing API returns it. */
public final class Money {
  final BigDecimal amount;
  final String currency;

  Money(BigDecimal amount, String currency) {
    this.amount = amount;
    this.currency = currency;
  }
}
