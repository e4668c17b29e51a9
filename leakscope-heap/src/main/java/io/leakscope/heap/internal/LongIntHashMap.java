package io.leakscope.heap.internal;

/**
 * Open-addressing map from long keys to int values, for per-class lookups (class id to class index)
 * on per-object paths without boxing. Not for per-object maps: 12 bytes per slot at load factor 1/2
 * is 24 bytes per entry.
 */
public final class LongIntHashMap {
  private long[] keys;
  private int[] values;
  private boolean[] used;
  private int size;
  private int mask;

  public LongIntHashMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
    keys = new long[cap];
    values = new int[cap];
    used = new boolean[cap];
    mask = cap - 1;
  }

  private static int hash(long k) {
    long h = k * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  /** The value for {@code key}, or {@code missing}. */
  public int get(long key, int missing) {
    int i = hash(key) & mask;
    while (used[i]) {
      if (keys[i] == key) {
        return values[i];
      }
      i = (i + 1) & mask;
    }
    return missing;
  }

  public void put(long key, int value) {
    int i = hash(key) & mask;
    while (used[i]) {
      if (keys[i] == key) {
        values[i] = value;
        return;
      }
      i = (i + 1) & mask;
    }
    used[i] = true;
    keys[i] = key;
    values[i] = value;
    if (++size * 2 > keys.length) {
      grow();
    }
  }

  public int size() {
    return size;
  }

  private void grow() {
    long[] k = keys;
    int[] v = values;
    boolean[] u = used;
    keys = new long[k.length * 2];
    values = new int[k.length * 2];
    used = new boolean[k.length * 2];
    mask = keys.length - 1;
    size = 0;
    for (int i = 0; i < k.length; i++) {
      if (u[i]) {
        put(k[i], v[i]);
      }
    }
  }

  @Override
  public String toString() {
    return "LongIntHashMap[size=" + size + ", capacity=" + keys.length + "]";
  }
}
