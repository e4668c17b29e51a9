package corpus.app.orders;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /order?customer=…}: places an order of the first product. */
@RestController
public class OrdersController {
  private final OrderHistory history;
  private final ProductCatalog catalog;
  private final AtomicLong ids = new AtomicLong(1_000_000);

  public OrdersController(OrderHistory history, ProductCatalog catalog) {
    this.history = history;
    this.catalog = catalog;
  }

  @GetMapping("/order")
  public String order(@RequestParam("customer") String customer) {
    history.record(customer, catalog.product(0), ids.incrementAndGet());
    return "{\"orders\":" + history.count(customer) + "}";
  }
}
