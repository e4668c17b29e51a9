package corpus.app;

import corpus.support.HeapDumps;

/**
 * Leak (listeners): an order service that registers an {@link OrderListener} per request with a
 * Guava {@code EventBus} ({@link OrderEvents#BUS}) and never unregisters it; 2,000 more listeners
 * between dumps.
 */
public final class OrderService {
  private static int requests;

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 2_000; i++) {
        String orderId = "order-" + (requests++);
        OrderEvents.BUS.register(new OrderListener(orderId));
        if (i % 500 == 0) {
          OrderEvents.BUS.post(new OrderConfirmed(orderId));
        }
      }
      dumps.take(dump);
    }
  }

  private OrderService() {}
}
