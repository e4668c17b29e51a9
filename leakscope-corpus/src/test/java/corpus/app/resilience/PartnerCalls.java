package corpus.app.resilience;

import corpus.support.HeapDumps;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.function.Supplier;

/**
 * Leak through Resilience4j: calls to partners go through a circuit breaker taken from the
 * service's registry by name, and the name is the call's URL, which carries the order id ({@code
 * partner-api/orders/123}). The registry keeps every breaker it ever made, each with its sliding
 * window of 100 outcomes and its event processor: +1,500 breakers per step.
 */
public final class PartnerCalls {
  static final CircuitBreakerRegistry BREAKERS = CircuitBreakerRegistry.ofDefaults();

  static String call(String url) {
    CircuitBreaker breaker = BREAKERS.circuitBreaker(url);
    Supplier<String> guarded = CircuitBreaker.decorateSupplier(breaker, () -> "200 " + url);
    return guarded.get();
  }

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    int order = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 1_500; i++, order++) {
        call("partner-api/orders/" + order);
      }
      dumps.take(dump);
    }
  }

  private PartnerCalls() {}
}
