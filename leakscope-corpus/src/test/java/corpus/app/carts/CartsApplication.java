package corpus.app.carts;

import corpus.support.HeapDumps;
import corpus.support.LocalRequests;
import corpus.support.LoopbackBoot;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Leak (HTTP sessions): a Spring Boot 3 web application (Tomcat) that keeps each visitor's cart in
 * the HTTP session. The clients (a health checker, a scraper) never send the session cookie back,
 * so every request makes a new session, kept for Tomcat's default 30 minutes: +1,000 sessions per
 * step, each holding a {@link Cart}.
 */
@SpringBootApplication
public class CartsApplication {
  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    try (ConfigurableApplicationContext context = LoopbackBoot.run(CartsApplication.class)) {
      LocalRequests requests = LoopbackBoot.requests(context);
      System.out.println("REQUESTS_FROM " + System.currentTimeMillis());
      for (int dump = 1; dump <= 3; dump++) {
        requests.get("/cart?item=sku-" + dump, 1_000);
        dumps.take(dump);
      }
    }
  }
}
