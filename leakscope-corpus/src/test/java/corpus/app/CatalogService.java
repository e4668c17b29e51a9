package corpus.app;

import corpus.support.HeapDumps;

/**
 * Healthy (bounded cache with churn): a catalog service whose Caffeine cache ({@link
 * ProductCache#PRODUCTS}) is at its maximum of 3,000 products at every dump, with 5,000 new
 * products put (and as many evicted) between dumps.
 */
public final class CatalogService {
  private static int products;
  private static long served;

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    serve(2 * ProductCache.MAXIMUM);
    for (int dump = 1; dump <= 3; dump++) {
      serve(5_000);
      ProductCache.PRODUCTS.cleanUp();
      System.out.println("cached " + ProductCache.PRODUCTS.estimatedSize() + ", served " + served);
      dumps.take(dump);
    }
  }

  static void serve(int count) {
    for (int i = 0; i < count; i++) {
      int n = products++;
      String sku = "sku-" + n;
      Product product =
          ProductCache.PRODUCTS.get(sku, k -> new Product(k, "Product " + n, 100L + n % 9_000));
      served += product.priceCents;
    }
  }

  private CatalogService() {}
}
