package corpus.app.prices;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /price?sku=…&n=…}: the price of a product, quoted for request {@code n}. */
@RestController
public class PricesController {
  private final PriceService prices;

  public PricesController(PriceService prices) {
    this.prices = prices;
  }

  @GetMapping("/price")
  public String price(@RequestParam("sku") String sku, @RequestParam("n") String request) {
    return "{\"cents\":" + prices.quote(sku, "web-" + request).cents() + "}";
  }
}
