package corpus.app.index;

import com.google.common.collect.ArrayListMultimap;
import com.google.common.collect.ListMultimap;
import com.google.common.collect.Multimaps;
import corpus.support.HeapDumps;

/**
 * Leak through a Guava multimap: an index of orders by customer, for a "recent orders" page, that
 * nothing prunes: every order stays in its customer's list, 2,000 customers, +3,000 orders per
 * step.
 */
public final class OrdersByCustomer {
  /** What the index keeps of an order. */
  record OrderRef(String order, long cents, byte[] lines) {}

  static final ListMultimap<String, OrderRef> BY_CUSTOMER =
      Multimaps.synchronizedListMultimap(ArrayListMultimap.create());

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    int n = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 3_000; i++, n++) {
        BY_CUSTOMER.put("customer-" + (n % 2_000), new OrderRef("order-" + n, n, new byte[300]));
      }
      dumps.take(dump);
    }
    System.out.println("indexed " + BY_CUSTOMER.size());
  }

  private OrdersByCustomer() {}
}
