package corpus.app.observed;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /checkout?customer=…}: a checkout, observed with the customer as a key value: low
 * cardinality (a meter tag, one series per customer) or high (for traces only, no meter tag), as
 * the property {@code checkout.customer-key} says.
 */
@RestController
public class CheckoutController {
  private final ObservationRegistry observations;
  private final boolean customerAsTag;

  public CheckoutController(
      ObservationRegistry observations, @Value("${checkout.customer-key}") String customerKey) {
    this.observations = observations;
    this.customerAsTag = customerKey.equals("low");
  }

  @GetMapping("/checkout")
  public String checkout(@RequestParam("customer") String customer) {
    Observation observation = Observation.createNotStarted("checkout", observations);
    if (customerAsTag) {
      observation.lowCardinalityKeyValue("customer", customer);
    } else {
      observation.highCardinalityKeyValue("customer", customer);
    }
    return observation.observe(() -> "{\"total\":" + (customer.length() * 7 % 100) + "}");
  }
}
