package corpus.app.prices;

/** A price quoted for one product, with the breakdown the pricing rules produced. */
public final class Price {
  final String sku;
  final long cents;
  final byte[] breakdown = new byte[160];

  Price(String sku, long cents) {
    this.sku = sku;
    this.cents = cents;
  }

  long cents() {
    return cents;
  }
}
