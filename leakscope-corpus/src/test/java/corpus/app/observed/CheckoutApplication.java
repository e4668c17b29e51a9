package corpus.app.observed;

import corpus.support.HeapDumps;
import corpus.support.LocalRequests;
import corpus.support.LoopbackBoot;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Leak in a Spring Boot 3 service with Actuator and its Prometheus endpoint: each checkout is
 * observed (Micrometer's {@code Observation} API) with the customer as a <em>low-cardinality</em>
 * key value, which Boot's default observation handler turns into a meter tag: a timer and a
 * long-task timer per customer, kept by the meter registry Boot made. Prometheus scrapes {@code
 * /actuator/prometheus} before each dump. +1,000 customers per step (40 of them over HTTP, the rest
 * through the controller bean, as a request would).
 */
@SpringBootApplication
public class CheckoutApplication {
  /** Runs the service with the customer as a low- or a high-cardinality key value. */
  static void run(String[] args, String customerKey) {
    HeapDumps dumps = HeapDumps.from(args);
    System.setProperty("checkout.customer-key", customerKey);
    System.setProperty("management.endpoints.web.exposure.include", "health,prometheus");
    try (ConfigurableApplicationContext context = LoopbackBoot.run(CheckoutApplication.class)) {
      LocalRequests requests = LoopbackBoot.requests(context);
      CheckoutController checkouts = context.getBean(CheckoutController.class);
      int customer = 0;
      for (int dump = 1; dump <= 3; dump++) {
        requests.get("/checkout?customer=web-" + dump, 40);
        for (int i = 0; i < 960; i++, customer++) {
          checkouts.checkout("customer-" + customer);
        }
        requests.get("/actuator/prometheus", 1);
        dumps.take(dump);
      }
    }
  }

  public static void main(String[] args) {
    run(args, "low");
  }
}
