package corpus.app;

/** A catalog product as the catalog service caches it. */
public final class Product {
  final String sku;
  final String title;
  final long priceCents;
  final byte[] thumbnail = new byte[160];

  Product(String sku, String title, long priceCents) {
    this.sku = sku;
    this.title = title;
    this.priceCents = priceCents;
  }
}
