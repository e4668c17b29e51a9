package corpus.app.timeouts;

/** An order sent to the warehouse and waiting for its confirmation. */
final class PendingOrder {
  final String id;
  final String customer;
  final long[] lineItems;
  volatile boolean confirmed;

  PendingOrder(int n) {
    this.id = "order-" + n;
    this.customer = "customer-" + (n % 900);
    this.lineItems = new long[12];
    for (int i = 0; i < lineItems.length; i++) {
      lineItems[i] = n * 31L + i;
    }
  }

  void expire() {
    if (!confirmed) {
      System.out.println("order " + id + " timed out");
    }
  }
}
