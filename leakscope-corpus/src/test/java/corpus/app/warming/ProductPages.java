package corpus.app.warming;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import corpus.support.HeapDumps;

/**
 * Healthy: product pages in a Caffeine cache bounded to 40,000 entries ({@code maximumSize}),
 * caught while it warms after a restart: 9,000, 18,000, then 27,000 pages at the three dumps, each
 * page read a few times. It stops at its bound, whatever the traffic.
 */
public final class ProductPages {
  /** A product page as rendered for the shop. */
  record Page(String sku, String title, byte[] html) {}

  static final LoadingCache<String, Page> PAGES =
      Caffeine.newBuilder()
          .maximumSize(40_000)
          .build(sku -> new Page(sku, "Product " + sku, new byte[300]));

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    long bytes = 0;
    int n = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 9_000; i++, n++) {
        bytes += PAGES.get("sku-" + n).html().length;
        bytes += PAGES.get("sku-" + (n / 3)).html().length; // popular pages read again
      }
      PAGES.cleanUp();
      dumps.take(dump);
    }
    System.out.println("served " + bytes);
  }

  private ProductPages() {}
}
