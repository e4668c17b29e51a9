package corpus.app.resilience;

import corpus.support.HeapDumps;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.function.Supplier;

/**
 * Healthy counterpart of {@link PartnerCalls}: one breaker per partner (12 of them), the order id
 * kept out of the name; every call records its outcome (one in ten fails) in its breaker's sliding
 * window, which stays at 100 outcomes. The same 1,500 calls before each dump.
 */
public final class PartnerCallsBounded {
  static final CircuitBreakerRegistry BREAKERS = CircuitBreakerRegistry.ofDefaults();

  static String call(String partner, int order) {
    CircuitBreaker breaker = BREAKERS.circuitBreaker(partner);
    Supplier<String> guarded =
        CircuitBreaker.decorateSupplier(
            breaker,
            () -> {
              if (order % 10 == 0) {
                throw new IllegalStateException("503 from " + partner);
              }
              return "200 " + partner + "/orders/" + order;
            });
    try {
      return guarded.get();
    } catch (RuntimeException e) {
      return e.getMessage();
    }
  }

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    int order = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 1_500; i++, order++) {
        call("partner-" + (order % 12), order);
      }
      dumps.take(dump);
    }
  }

  private PartnerCallsBounded() {}
}
