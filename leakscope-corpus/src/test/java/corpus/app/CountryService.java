package corpus.app;

import corpus.support.HeapDumps;

/**
 * Healthy (a cache that warms up and stops): requests look countries up in {@link
 * CountryCache#COUNTRIES}; at the first dump 150 of the 250 countries have been asked for, at the
 * second all 250, and between the second and third only cache hits happen.
 */
public final class CountryService {
  private static long lookups;

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    serve(150, 3_000);
    dumps.take(1);
    serve(CountryCache.COUNTRIES_THAT_EXIST, 3_000);
    dumps.take(2);
    serve(CountryCache.COUNTRIES_THAT_EXIST, 3_000);
    dumps.take(3);
    System.out.println("lookups " + lookups + ", " + CountryCache.COUNTRIES.stats());
  }

  static void serve(int distinctCountries, int requests) {
    for (int i = 0; i < requests; i++) {
      Country c = CountryCache.COUNTRIES.get("C" + i % distinctCountries);
      lookups += c.neighbours.size();
    }
  }

  private CountryService() {}
}
