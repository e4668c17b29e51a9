package corpus.app.fxquotes;

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
 * Leak through Spring's cache abstraction: {@code @Cacheable} on a quote method whose parameters
 * include the request's id, with the {@link ConcurrentMapCacheManager} that tutorials declare (no
 * bound, no expiry). Every call is a new key: +3,000 quotes per step in the cache's map.
 */
@SpringBootApplication
@EnableCaching
public class FxQuotesApplication {
  /** A quote for one request. */
  public record FxQuote(String pair, long requestId, byte[] terms) {}

  @Bean
  CacheManager cacheManager() {
    return new ConcurrentMapCacheManager();
  }

  /** Quotes, cached by every parameter: the request id makes each key new. */
  @Service
  public static class FxQuotes {
    @Cacheable("fx-quotes")
    public FxQuote quote(String pair, long requestId) {
      return new FxQuote(pair, requestId, new byte[300]);
    }
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    try (ConfigurableApplicationContext context = LoopbackBoot.run(FxQuotesApplication.class)) {
      FxQuotes quotes = context.getBean(FxQuotes.class);
      long request = 0;
      long sum = 0;
      for (int dump = 1; dump <= 3; dump++) {
        for (int i = 0; i < 3_000; i++, request++) {
          sum += quotes.quote("EUR/USD-" + (request % 40), request).terms().length;
        }
        dumps.take(dump);
      }
      System.out.println("quoted " + sum);
    }
  }
}
