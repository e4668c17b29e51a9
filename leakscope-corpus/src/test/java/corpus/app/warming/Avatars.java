package corpus.app.warming;

import corpus.support.HeapDumps;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Healthy: resized avatars in a hand-written LRU map (a {@link LinkedHashMap} in access order whose
 * {@code removeEldestEntry} keeps it to 20,000 entries), caught while it warms: 5,000, 10,000, then
 * 15,000 avatars. It stops at its bound.
 */
public final class Avatars {
  /** A bounded map in access order. */
  static final class LruCache<K, V> extends LinkedHashMap<K, V> {
    private final int capacity;

    LruCache(int capacity) {
      super(16, 0.75f, true);
      this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
      return size() > capacity;
    }
  }

  /** An avatar resized for the page. */
  record Avatar(String user, int size, byte[] png) {}

  static final Map<String, Avatar> AVATARS = Collections.synchronizedMap(new LruCache<>(20_000));

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    long bytes = 0;
    int n = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 5_000; i++, n++) {
        String user = "user-" + n;
        bytes += AVATARS.computeIfAbsent(user, u -> new Avatar(u, 64, new byte[500])).png().length;
      }
      dumps.take(dump);
    }
    System.out.println("served " + bytes);
  }

  private Avatars() {}
}
