package corpus.app.observed;

/**
 * Healthy: the {@link CheckoutApplication} service with the same traffic, but the customer is a
 * <em>high-cardinality</em> key value, for traces only, so the checkout makes one timer in all;
 * Prometheus scrapes {@code /actuator/prometheus} before each dump.
 */
public final class TracedCheckout {
  public static void main(String[] args) {
    CheckoutApplication.run(args, "high");
  }

  private TracedCheckout() {}
}
