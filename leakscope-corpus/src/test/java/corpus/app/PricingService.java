package corpus.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import corpus.support.HeapDumps;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Leak (Jackson): a pricing API that customises the money format per client by registering a {@code
 * SimpleModule} with a {@link MoneySerializer} on the shared {@link JsonSupport#MAPPER} for every
 * request; the module is named after the request, so every registration is kept by the mapper's
 * serializer factory and its registered-module set; 1,000 more between dumps.
 */
public final class PricingService {
  private static int requests;

  public static void main(String[] args) throws JsonProcessingException {
    HeapDumps dumps = HeapDumps.from(args);
    long written = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 1_000; i++) {
        written += serve().length();
      }
      System.out.println("wrote " + written + " characters");
      dumps.take(dump);
    }
  }

  static String serve() throws JsonProcessingException {
    String requestId = "price-" + (requests++);
    String format = requests % 2 == 0 ? "%s %s" : "%2$s %1$s";
    SimpleModule perClient = new SimpleModule("money-format-" + requestId);
    perClient.addSerializer(Money.class, new MoneySerializer(requestId, format));
    JsonSupport.MAPPER.registerModule(perClient);
    Money price = new Money(BigDecimal.valueOf(requests, 2), "EUR");
    return JsonSupport.MAPPER.writeValueAsString(Map.of("request", requestId, "price", price));
  }

  private PricingService() {}
}
