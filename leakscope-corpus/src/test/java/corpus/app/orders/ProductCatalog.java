package corpus.app.orders;

import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Service;

/** Healthy: 3,000 products loaded when the bean is made, never changed. */
@Service
public class ProductCatalog {
  /** A product of the catalog. */
  public record Product(String sku, String name, long priceCents, byte[] image) {}

  private final Map<String, Product> bySku = new HashMap<>();

  public ProductCatalog() {
    for (int i = 0; i < 3_000; i++) {
      bySku.put("sku-" + i, new Product("sku-" + i, "Product " + i, 100 + i, new byte[512]));
    }
  }

  /** The product at {@code index} of the catalog. */
  public Product product(int index) {
    return bySku.get("sku-" + index);
  }
}
