package corpus.app;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.util.List;

/** The reference-data cache of {@link CountryService}. */
public final class CountryCache {
  /** Countries that exist: the key space, so the cache stops growing at this many entries. */
  static final int COUNTRIES_THAT_EXIST = 250;

  /** Healthy: no bound, but a finite key space; loaded on first use, then only read. */
  static final LoadingCache<String, Country> COUNTRIES =
      Caffeine.newBuilder().recordStats().build(CountryCache::load);

  private static Country load(String code) {
    int n = Integer.parseInt(code.substring(1));
    return new Country(
        code,
        "Country " + n,
        List.of("C" + (n + 1) % COUNTRIES_THAT_EXIST, "C" + (n + 7) % COUNTRIES_THAT_EXIST));
  }

  private CountryCache() {}
}
