package corpus.app.warming;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import corpus.support.HeapDumps;
import java.util.ArrayList;
import java.util.List;

/**
 * Leak inside a bounded cache: each customer's recently viewed products, in a Caffeine cache of at
 * most 500 customers, full from the start; but each cached history is a list that every page view
 * appends to and nothing trims. The cache stays at 500 entries while its values grow: +6,000 views
 * per step.
 */
public final class ViewHistories {
  /** A product page a customer looked at. */
  record View(String sku, long at, String referrer) {}

  /** What the shop remembers of one customer's browsing. */
  static final class History {
    final String customer;
    final List<View> views = new ArrayList<>();

    History(String customer) {
      this.customer = customer;
    }
  }

  static final Cache<String, History> HISTORIES =
      Caffeine.newBuilder().maximumSize(500).executor(Runnable::run).build();

  static void viewed(String customer, String sku, int n) {
    HISTORIES
        .get(customer, History::new)
        .views
        .add(new View(sku, n, "https://shop.example/search?q=" + (n % 97)));
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    int n = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 6_000; i++, n++) {
        viewed("customer-" + (n % 500), "sku-" + (n % 3_000), n);
      }
      HISTORIES.cleanUp();
      dumps.take(dump);
    }
    System.out.println("customers " + HISTORIES.estimatedSize());
  }

  private ViewHistories() {}
}
