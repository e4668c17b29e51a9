package corpus.app.lru;

import corpus.support.HeapDumps;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Leak: rendered pages in an LRU map (a {@link LinkedHashMap} in access order whose {@code
 * removeEldestEntry} keeps it to a bound), but the bound comes from a system property under a name
 * no one sets ({@code render.cache.max-entries}, where the deployment sets {@code
 * render.cache.maxEntries}), whose default is no bound. +3,000 pages per step.
 */
public final class Renderings {
  /** A bounded map in access order. */
  static final class LruCache<K, V> extends LinkedHashMap<K, V> {
    private final int maxEntries;

    LruCache(int maxEntries) {
      super(16, 0.75f, true);
      this.maxEntries = maxEntries;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
      return size() > maxEntries;
    }
  }

  /** A page rendered for one path. */
  record Rendering(String path, String etag, byte[] html) {}

  static final Map<String, Rendering> PAGES =
      Collections.synchronizedMap(
          new LruCache<>(Integer.getInteger("render.cache.max-entries", Integer.MAX_VALUE)));

  static Rendering render(String path) {
    return PAGES.computeIfAbsent(
        path, p -> new Rendering(p, Integer.toHexString(p.hashCode()), new byte[400]));
  }

  public static void main(String[] args) {
    System.setProperty("render.cache.maxEntries", "500"); // the name the deployment uses
    HeapDumps dumps = HeapDumps.from(args);
    int n = 0;
    long bytes = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 3_000; i++, n++) {
        bytes += render("/articles/" + n).html().length;
        bytes += render("/articles/" + (n / 2)).html().length; // older pages read again
      }
      dumps.take(dump);
    }
    System.out.println("rendered " + bytes);
  }

  private Renderings() {}
}
