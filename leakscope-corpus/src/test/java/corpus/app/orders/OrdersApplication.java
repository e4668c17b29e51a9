package corpus.app.orders;

import corpus.support.HeapDumps;
import corpus.support.LocalRequests;
import corpus.support.LoopbackBoot;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A leak in a Spring bean: a Spring Boot 3 web application whose singleton {@link OrderHistory}
 * keeps every order in a map field, beside a {@link ProductCatalog} bean that loads 3,000 products
 * once. 2,500 orders are placed per step (40 of them over HTTP, the rest through the bean, as the
 * controller would), and the application dumps itself after each step.
 */
@SpringBootApplication
public class OrdersApplication {
  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    try (ConfigurableApplicationContext context = LoopbackBoot.run(OrdersApplication.class)) {
      LocalRequests requests = LoopbackBoot.requests(context);
      OrderHistory history = context.getBean(OrderHistory.class);
      ProductCatalog catalog = context.getBean(ProductCatalog.class);
      int placed = 0;
      for (int dump = 1; dump <= 3; dump++) {
        requests.get("/order?customer=web-" + dump, 40);
        for (int i = 0; i < 2_460; i++, placed++) {
          history.record("customer-" + placed % 700, catalog.product(placed % 3_000), placed);
        }
        dumps.take(dump);
      }
    }
  }
}
