package corpus.app.prices;

import corpus.support.HeapDumps;
import corpus.support.LocalRequests;
import corpus.support.LoopbackBoot;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A leak through Spring's cache abstraction: {@code @EnableCaching} with no cache library
 * configured, so Spring Boot's default cache manager keeps every entry of {@code @Cacheable} in an
 * unbounded map, and the cache key includes the request's id, so no entry is ever read again. 2,000
 * quotes per step (40 of them over HTTP, the rest through the bean's proxy, as the controller calls
 * it); the application dumps itself after each step.
 */
@SpringBootApplication
@EnableCaching
public class PricesApplication {
  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    try (ConfigurableApplicationContext context = LoopbackBoot.run(PricesApplication.class)) {
      LocalRequests requests = LoopbackBoot.requests(context);
      PriceService prices = context.getBean(PriceService.class);
      int quoted = 0;
      for (int dump = 1; dump <= 3; dump++) {
        requests.get("/price?sku=sku-" + dump, 40);
        for (int i = 0; i < 1_960; i++, quoted++) {
          prices.quote("sku-" + quoted % 300, "request-" + quoted);
        }
        dumps.take(dump);
      }
    }
  }
}
