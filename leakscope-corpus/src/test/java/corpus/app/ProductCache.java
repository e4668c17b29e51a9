package corpus.app;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/** The product cache of {@link CatalogService}. */
public final class ProductCache {
  /** Healthy: bounded at 3,000 products; evicts on the caller's thread. */
  static final int MAXIMUM = 3_000;

  static final Cache<String, Product> PRODUCTS =
      Caffeine.newBuilder().maximumSize(MAXIMUM).executor(Runnable::run).recordStats().build();

  private ProductCache() {}
}
