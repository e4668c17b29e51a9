package io.leakscope.demo;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The products the service quotes: built once at start-up and never changed. Bigger than what a
 * leak holds in its first minute, so that "the biggest object" is not the answer and the analyzer
 * has to use growth between dumps.
 */
final class Catalog {

  /** How many products there are: {@code SYM0} to {@code SYM1999}. */
  static final int SIZE = 2000;

  /** Symbol to product; about 1.5 MB, stable. */
  static final Map<String, Product> PRODUCTS = build();

  private Catalog() {}

  /** A product: its name, a description and its base price. */
  record Product(String symbol, String name, String description, double basePrice) {}

  /** The product with this symbol, if there is one. */
  static Optional<Product> find(String symbol) {
    return Optional.ofNullable(PRODUCTS.get(symbol));
  }

  private static Map<String, Product> build() {
    Map<String, Product> products = new LinkedHashMap<>();
    for (int i = 0; i < SIZE; i++) {
      String symbol = "SYM" + i;
      String name = "Product " + i;
      String description =
          ("Product " + i + " of the demo catalog, quoted in EUR; ").repeat(10).trim();
      products.put(symbol, new Product(symbol, name, description, 10.0 + (i % 500) * 0.25));
    }
    return Collections.unmodifiableMap(products);
  }
}
