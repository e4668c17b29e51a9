package corpus.app;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/** Reference data of {@link ExchangeService}: exchange rates, loaded once and never changed. */
public final class FxRates {
  /** 2,500 currency pairs and their rates: fixed from the start. */
  static final Map<String, BigDecimal> RATES = load(2_500);

  private static Map<String, BigDecimal> load(int pairs) {
    Map<String, BigDecimal> rates = new HashMap<>();
    for (int i = 0; i < pairs; i++) {
      rates.put("PAIR-" + i, BigDecimal.valueOf(10_000 + i * 37L, 4));
    }
    return rates;
  }

  private FxRates() {}
}
