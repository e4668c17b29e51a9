package corpus.app.fxrates;

import corpus.support.HeapDumps;
import corpus.support.LoopbackBoot;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Service;

/**
 * Healthy: {@code @Cacheable} over the {@link ConcurrentMapCacheManager}, keyed by the currency
 * pair only (40 pairs): the cache fills in the first requests and then only serves. 3,000 requests
 * before each dump.
 */
@SpringBootApplication
@EnableCaching
public class FxRatesApplication {
  /** A rate for a pair. */
  public record FxRate(String pair, byte[] terms) {}

  @Bean
  CacheManager cacheManager() {
    return new ConcurrentMapCacheManager();
  }

  /** Rates, cached by pair. */
  @Service
  public static class FxRates {
    @Cacheable(cacheNames = "fx-rates", key = "#p0")
    public FxRate rate(String pair, long requestId) {
      return new FxRate(pair, new byte[300]);
    }
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    try (ConfigurableApplicationContext context = LoopbackBoot.run(FxRatesApplication.class)) {
      FxRates rates = context.getBean(FxRates.class);
      long request = 0;
      long sum = 0;
      for (int dump = 1; dump <= 3; dump++) {
        for (int i = 0; i < 3_000; i++, request++) {
          sum += rates.rate("EUR/USD-" + (request % 40), request).terms().length;
        }
        dumps.take(dump);
      }
      System.out.println("rated " + sum);
    }
  }
}
