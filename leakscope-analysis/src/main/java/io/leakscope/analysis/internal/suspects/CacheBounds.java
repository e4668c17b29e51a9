package io.leakscope.analysis.internal.suspects;

import io.leakscope.analysis.internal.dominators.DominatorTree;
import io.leakscope.analysis.report.Bound;
import io.leakscope.heap.HeapClass;
import io.leakscope.heap.HeapIndex;
import io.leakscope.heap.ReferenceGraph;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * The bound of the cache an accumulation lies in, and the dumped JVM's heap limit: what tells a
 * bounded cache that warms up (it grows at every dump until it reaches its maximum size, then
 * stops) from a leak, and what a full one will take.
 *
 * <p>Which caches: Caffeine's bounded caches (the generated classes of {@code
 * com.github.benmanes.caffeine.cache} with a {@code maximum} and a {@code weightedSize}: entries
 * with {@code maximumSize}, weight with {@code maximumWeight}, told apart by the class's name,
 * {@code …MS…} or {@code …MW…}) and Guava's {@code LocalCache} ({@code maxWeight}, -1 when
 * unbounded; what it holds is the sum of its segments' {@code totalWeight}, entries when its
 * weigher is {@code CacheBuilder$OneWeigher}). The cache must be the accumulation point or above it
 * in the dominator tree with only the cache's own objects between (its package's, {@code
 * java.util.concurrent}'s, arrays): entries accumulate in the cache itself, not in a list inside
 * one cached value, which no bound limits.
 *
 * <p>The heap limit is the static {@code directMemory} of {@code jdk.internal.misc.VM} (JDK 8:
 * {@code sun.misc.VM}): the limit for direct buffers, which is the heap's maximum ({@code
 * Runtime.maxMemory()}) unless {@code -XX:MaxDirectMemorySize} was given; that flag is in the VM's
 * saved properties, and then the heap limit is unknown.
 *
 * <p>Design note: a few positional reads per accumulation (at most {@value #MAX_UP} dominators up,
 * a field or two each); no pass over the heap.
 */
public final class CacheBounds {
  private CacheBounds() {}

  /** Dominators looked at above an accumulation point. */
  static final int MAX_UP = 6;

  private static final String CAFFEINE = "com.github.benmanes.caffeine.cache.";

  /** The bound of the cache the accumulation at {@code point} is in, or null when there is none. */
  public static @Nullable Bound find(HeapIndex index, DominatorTree tree, int point, long heapLimit)
      throws IOException {
    int v = point;
    for (int up = 0; up <= MAX_UP && v >= 0; up++, v = tree.immediateDominator(v)) {
      String name = index.heapClass(index.classOf(v)).name();
      Bound lru = linkedMap(index, v, heapLimit);
      if (lru != null) {
        return lru;
      }
      int inner = -1;
      if (name.startsWith(CAFFEINE)) {
        inner = v == point ? MainClass.field(index, v, "cache") : -1; // a cache's outer view
      } else if (name.startsWith("com.google.common.cache.")) {
        inner = v == point ? MainClass.field(index, v, "localCache") : -1;
      } else if (!name.startsWith("java.util.concurrent.") && !name.endsWith("[]")) {
        return null; // past the cache's own objects: what accumulates is not its entries
      }
      Bound b = bound(index, inner >= 0 ? inner : v, heapLimit);
      if (b != null || inner >= 0) {
        return b;
      }
    }
    return null;
  }

  private static @Nullable Bound bound(HeapIndex index, int v, long heapLimit) throws IOException {
    HeapClass c = index.heapClass(index.classOf(v));
    if (c.name().startsWith(CAFFEINE)) {
      Long maximum = index.findPrimitiveField(v, "maximum");
      Long size = index.findPrimitiveField(v, "weightedSize");
      if (maximum == null || size == null || maximum <= 0) {
        return null;
      }
      return new Bound(
          "Caffeine cache",
          weighedCaffeine(index, c),
          maximum,
          size,
          mapSize(index, MainClass.field(index, v, "data")),
          heapLimit);
    }
    if (c.name().equals("com.google.common.cache.LocalCache")) {
      Long maximum = index.findPrimitiveField(v, "maxWeight");
      int segments = MainClass.field(index, v, "segments");
      if (maximum == null || maximum < 0 || segments < 0) {
        return null; // unbounded: -1
      }
      long size = 0;
      long entries = 0;
      ReferenceGraph graph = index.graph();
      long end = graph.endEdge(segments);
      for (long e = graph.firstEdge(segments); e < end; e++) {
        Long w = index.findPrimitiveField(graph.target(e), "totalWeight");
        Long n = index.findPrimitiveField(graph.target(e), "count");
        size += w == null ? 0 : w;
        entries += n == null ? 0 : n.intValue();
      }
      int weigher = MainClass.field(index, v, "weigher");
      boolean weighed =
          weigher >= 0 && !index.heapClass(index.classOf(weigher)).name().endsWith("$OneWeigher");
      return new Bound("Guava cache", weighed, maximum, size, entries, heapLimit);
    }
    return null;
  }

  /** A bound's field in a map of one's own: {@code maxEntries}, {@code capacity}, {@code limit}. */
  private static final java.util.regex.Pattern BOUND_FIELD =
      java.util.regex.Pattern.compile("(?i)(max|limit|capacity|bound).*");

  /**
   * A map that extends {@code LinkedHashMap} with a bound of its own: an LRU map whose {@code
   * removeEldestEntry} keeps it to an {@code int} or {@code long} field named like a bound ({@code
   * maxEntries}, {@code capacity}, {@code limit}), declared by the subclass; the entries are the
   * map's {@code size}. Null for other objects.
   */
  private static @Nullable Bound linkedMap(HeapIndex index, int v, long heapLimit)
      throws IOException {
    HeapClass c = index.heapClass(index.classOf(v));
    if (c.isArray() || c.name().startsWith("java.")) {
      return null;
    }
    String field = null;
    boolean linked = false;
    for (HeapClass k = c; k != null; ) {
      if (k.name().equals("java.util.LinkedHashMap")) {
        linked = true;
        break;
      }
      String[] names = k.fieldNames();
      byte[] types = k.fieldTypes();
      for (int i = 0; i < names.length && field == null; i++) {
        if ((types[i] == io.leakscope.hprof.HprofTag.TYPE_INT
                || types[i] == io.leakscope.hprof.HprofTag.TYPE_LONG)
            && BOUND_FIELD.matcher(names[i]).matches()) {
          field = names[i];
        }
      }
      k = k.superIndex() >= 0 ? index.heapClass(k.superIndex()) : null;
    }
    if (!linked || field == null) {
      return null;
    }
    Long limit = index.findPrimitiveField(v, field);
    Long size = index.findPrimitiveField(v, "size");
    if (limit == null || size == null || limit <= 0) {
      return null;
    }
    String simple = c.name().substring(c.name().lastIndexOf('.') + 1);
    return new Bound(
        "LinkedHashMap (" + simple + "." + field + ")", false, limit, size, size, heapLimit);
  }

  /**
   * The entries of a {@code ConcurrentHashMap}: its base count and the values of its counter cells
   * (where threads that collided counted); 0 when {@code map} is none (-1).
   */
  private static long mapSize(HeapIndex index, int map) throws IOException {
    if (map < 0) {
      return 0;
    }
    Long base = index.findPrimitiveField(map, "baseCount");
    long n = base == null ? 0 : base;
    int cells = MainClass.field(index, map, "counterCells");
    if (cells >= 0) {
      ReferenceGraph graph = index.graph();
      long end = graph.endEdge(cells);
      for (long e = graph.firstEdge(cells); e < end; e++) {
        Long v = index.findPrimitiveField(graph.target(e), "value");
        n += v == null ? 0 : v;
      }
    }
    return n;
  }

  /** Whether a Caffeine cache's generated class bounds weight ({@code …MW…}), up its chain. */
  private static boolean weighedCaffeine(HeapIndex index, HeapClass c) {
    for (HeapClass k = c; k != null; ) {
      String simple = k.name().substring(k.name().lastIndexOf('.') + 1);
      if (simple.matches("[A-Z]*MW[A-Z]*")) {
        return true;
      }
      k = k.superIndex() >= 0 ? index.heapClass(k.superIndex()) : null;
    }
    return false;
  }

  /**
   * The dumped JVM's heap limit in bytes ({@code -Xmx}, or what the JVM chose), or 0 when the dump
   * does not tell it.
   */
  public static long heapLimit(HeapIndex index) throws IOException {
    for (String vm : new String[] {"jdk.internal.misc.VM", "sun.misc.VM"}) {
      for (int c = 0; c < index.classCount(); c++) {
        HeapClass k = index.heapClass(c);
        if (!k.name().equals(vm)) {
          continue;
        }
        long direct = 0;
        for (int i = 0; i < k.staticFieldCount(); i++) {
          if (k.staticFieldName(i).equals("directMemory")) {
            direct = k.staticFieldValue(i);
          }
        }
        int saved = MainClass.staticObject(index, vm, "savedProps");
        String flag = MainClass.lookup(index, saved, "sun.nio.MaxDirectMemorySize");
        boolean given = flag != null && !flag.isEmpty() && !flag.equals("-1");
        return saved < 0 || given ? 0 : Math.max(0, direct);
      }
    }
    return 0;
  }
}
