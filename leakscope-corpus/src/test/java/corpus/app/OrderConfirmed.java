package corpus.app;

/** The event {@link OrderService} posts when an order is confirmed. */
public final class OrderConfirmed {
  final String orderId;

  OrderConfirmed(String orderId) {
    this.orderId = orderId;
  }
}
