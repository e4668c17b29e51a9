package corpus.app;

import corpus.support.HeapDumps;
import io.micrometer.core.instrument.Counter;

/**
 * Leak: a checkout service that counts requests with the request id as a tag, so that every request
 * registers a new counter in the Micrometer Prometheus registry ({@link CheckoutMetrics#REGISTRY});
 * 1,500 more counters between dumps, and a scrape before each dump.
 */
public final class CheckoutService {
  private static int requests;

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    for (int dump = 1; dump <= 3; dump++) {
      serve(1_500);
      String scrape = CheckoutMetrics.REGISTRY.scrape();
      System.out.println("scraped " + scrape.length() + " characters");
      dumps.take(dump);
    }
  }

  static void serve(int count) {
    for (int i = 0; i < count; i++) {
      String requestId = "checkout-" + (requests++);
      Counter.builder("checkout.requests")
          .tag("request.id", requestId)
          .tag("outcome", requests % 10 == 0 ? "declined" : "paid")
          .register(CheckoutMetrics.REGISTRY)
          .increment();
    }
  }

  private CheckoutService() {}
}
