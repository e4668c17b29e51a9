package corpus.app.prices;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * Prices products, "cached": the cache key is the product and the request's id (used by the pricing
 * rules for tracing), so every call adds an entry and none is read again.
 */
@Service
public class PriceService {
  @Cacheable("prices")
  public Price quote(String sku, String requestId) {
    return new Price(sku, 1_000 + Math.floorMod(sku.hashCode(), 9_000));
  }
}
