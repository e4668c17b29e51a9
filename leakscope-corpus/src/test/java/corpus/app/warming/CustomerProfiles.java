package corpus.app.warming;

import com.google.common.cache.CacheBuilder;
import com.google.common.cache.CacheLoader;
import com.google.common.cache.LoadingCache;
import corpus.support.HeapDumps;

/**
 * Healthy: customer profiles in a Guava cache bounded to 30,000 entries ({@code maximumSize}),
 * caught while it warms: 7,000, 14,000, then 21,000 profiles at the three dumps. It stops at its
 * bound.
 */
public final class CustomerProfiles {
  /** What the shop knows of a customer. */
  record Profile(String customerId, String email, String tier, byte[] preferences) {}

  static final LoadingCache<String, Profile> PROFILES =
      CacheBuilder.newBuilder()
          .maximumSize(30_000)
          .build(
              CacheLoader.from(
                  id -> new Profile(id, id + "@example.com", "silver", new byte[250])));

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    long bytes = 0;
    int n = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 7_000; i++, n++) {
        bytes += PROFILES.getUnchecked("customer-" + n).preferences().length;
        bytes += PROFILES.getUnchecked("customer-" + (n / 2)).preferences().length;
      }
      dumps.take(dump);
    }
    System.out.println("served " + bytes);
  }

  private CustomerProfiles() {}
}
