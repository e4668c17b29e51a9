package corpus.app.tenants;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import corpus.support.HeapDumps;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Leak: each tenant gets a Caffeine cache of its own, bounded to 50 price lists, kept in {@link
 * #CACHES} by tenant id; tenants are created for every trial sign-up and never removed. Each cache
 * is bounded, the map of caches is not: +200 tenants per step, each with its cache's structures and
 * entries.
 */
public final class TenantCaches {
  static final Map<String, Cache<String, PriceList>> CACHES = new ConcurrentHashMap<>();

  /** A tenant's price list. */
  record PriceList(String tenant, String currency, long[] cents) {}

  static long price(String tenant, int item) {
    Cache<String, PriceList> cache =
        CACHES.computeIfAbsent(tenant, t -> Caffeine.newBuilder().maximumSize(50).build());
    PriceList list =
        cache.get(
            "list-" + (item % 8),
            k -> new PriceList(tenant, "EUR", new long[] {item, item * 2L, item * 3L}));
    return list.cents()[0];
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    int tenant = 0;
    long sum = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 200; i++, tenant++) {
        for (int item = 0; item < 8; item++) {
          sum += price("trial-" + tenant, item);
        }
      }
      dumps.take(dump);
    }
    System.out.println("sum " + sum);
  }

  private TenantCaches() {}
}
