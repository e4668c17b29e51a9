package corpus.app.warming;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.common.cache.CacheBuilder;
import corpus.support.HeapDumps;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Caches of known bounds and contents, for {@code CacheBoundsTest}: each grows by a third of what
 * it holds at the end between its three dumps; what each holds follows from the code below, and the
 * JVM's heap limit is printed ({@code MAXMEMORY n}).
 */
public final class BoundedCaches {
  /** A cached value of {@code n} bytes. */
  record Blob(String name, byte[] bytes) {}

  /** Caffeine, at most 5,000 entries: 1,000 more at each step, 3,000 at the end. */
  static final Cache<String, Blob> BY_SIZE =
      Caffeine.newBuilder().maximumSize(5_000).executor(Runnable::run).build();

  /** Caffeine, at most 8,000,000 by weight (a value's bytes): 200 values of 6,000 bytes a step. */
  static final Cache<String, Blob> BY_WEIGHT =
      Caffeine.newBuilder()
          .maximumWeight(8_000_000)
          .weigher((String k, Blob v) -> v.bytes().length)
          .executor(Runnable::run)
          .build();

  /** Caffeine async, at most 100 entries: 1,500 loads a step that never complete, weighing 0. */
  static final AsyncLoadingCache<String, Blob> IN_FLIGHT =
      Caffeine.newBuilder()
          .maximumSize(100)
          .executor(Runnable::run)
          .buildAsync((key, executor) -> new CompletableFuture<Blob>());

  /** Guava, at most 4,000 entries: 800 a step, 2,400 at the end. */
  static final com.google.common.cache.Cache<String, Blob> GUAVA_BY_SIZE =
      CacheBuilder.newBuilder().maximumSize(4_000).build();

  /** Guava without a bound: 800 a step (each of its four segments big enough to be listed). */
  static final com.google.common.cache.Cache<String, Blob> GUAVA_UNBOUNDED =
      CacheBuilder.newBuilder().build();

  /** Caffeine without a bound: 800 a step. */
  static final Cache<String, Blob> UNBOUNDED = Caffeine.newBuilder().build();

  /**
   * Caffeine, at most 10 entries: one, a list that grows inside it (800 a step), which no bound
   * limits.
   */
  static final Cache<String, List<Blob>> ONE_LIST =
      Caffeine.newBuilder().maximumSize(10).executor(Runnable::run).build();

  /**
   * Caffeine, at most 100 entries: 20, each a list that grows (40 a step each): its elements are
   * inside the values, which no bound on the entries limits.
   */
  static final Cache<String, List<Blob>> LISTS =
      Caffeine.newBuilder().maximumSize(100).executor(Runnable::run).build();

  /** An LRU map of one's own, at most {@code maxEntries}. */
  static final class Lru<K, V> extends LinkedHashMap<K, V> {
    private final int maxEntries;

    Lru(int maxEntries) {
      super(16, 0.75f, true);
      this.maxEntries = maxEntries;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
      return size() > maxEntries;
    }
  }

  /** A LinkedHashMap LRU of at most 6,000 entries: 800 a step, 2,400 at the end. */
  static final Map<String, Blob> LRU = Collections.synchronizedMap(new Lru<>(6_000));

  /** A LinkedHashMap LRU whose bound is the default, Integer.MAX_VALUE: no bound at all. */
  static final Map<String, Blob> NO_BOUND =
      Collections.synchronizedMap(new Lru<>(Integer.MAX_VALUE));

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    List<CompletableFuture<Blob>> loads = new ArrayList<>();
    List<Blob> list = new ArrayList<>();
    ONE_LIST.put("list", list);
    System.out.println("MAXMEMORY " + Runtime.getRuntime().maxMemory());
    for (int dump = 1; dump <= 3; dump++) {
      // a third of each cache's contents at each step
      for (int i = 1_000 * (dump - 1); i < 1_000 * dump; i++) {
        BY_SIZE.put("size-" + i, new Blob("size-" + i, new byte[1_200]));
      }
      for (int i = 200 * (dump - 1); i < 200 * dump; i++) {
        BY_WEIGHT.put("weight-" + i, new Blob("weight-" + i, new byte[6_000]));
      }
      for (int i = 1_500 * (dump - 1); i < 1_500 * dump; i++) {
        loads.add(IN_FLIGHT.get("load-" + i));
      }
      for (int i = 800 * (dump - 1); i < 800 * dump; i++) {
        GUAVA_BY_SIZE.put("guava-" + i, new Blob("guava-" + i, new byte[1_400]));
        GUAVA_UNBOUNDED.put("open-" + i, new Blob("open-" + i, new byte[400]));
        UNBOUNDED.put("caffeine-" + i, new Blob("caffeine-" + i, new byte[100]));
        list.add(new Blob("item-" + i, new byte[100]));
        LRU.put("lru-" + i, new Blob("lru-" + i, new byte[1_400]));
        NO_BOUND.put("all-" + i, new Blob("all-" + i, new byte[100]));
        LISTS
            .get("stream-" + (i % 20), k -> new ArrayList<>())
            .add(new Blob("event-" + i, new byte[200]));
      }
      BY_SIZE.cleanUp();
      BY_WEIGHT.cleanUp();
      IN_FLIGHT.synchronous().cleanUp();
      ONE_LIST.cleanUp();
      LISTS.cleanUp();
      dumps.take(dump);
    }
    System.out.println("loads " + loads.size());
  }

  private BoundedCaches() {}
}
