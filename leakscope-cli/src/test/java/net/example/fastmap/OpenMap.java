package net.example.fastmap;

/**
 * A map of a library that leakscope's list of libraries does not know: open addressing, keys and
 * values in two arrays of its own, as primitive-collection libraries keep them. Test code, for a
 * program whose leak is held in one.
 */
public final class OpenMap<K, V> {
  private Object[] keys = new Object[16];
  private Object[] values = new Object[16];
  private int size;

  /** Adds or replaces {@code key}'s value. */
  public void put(K key, V value) {
    if (2 * (size + 1) > keys.length) {
      grow();
    }
    int i = slot(keys, key);
    if (keys[i] == null) {
      size++;
    }
    keys[i] = key;
    values[i] = value;
  }

  public int size() {
    return size;
  }

  private static int slot(Object[] keys, Object key) {
    int i = (key.hashCode() & 0x7fffffff) % keys.length;
    while (keys[i] != null && !keys[i].equals(key)) {
      i = (i + 1) % keys.length;
    }
    return i;
  }

  private void grow() {
    Object[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new Object[oldKeys.length * 2];
    values = new Object[oldKeys.length * 2];
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldKeys[j] != null) {
        int i = slot(keys, oldKeys[j]);
        keys[i] = oldKeys[j];
        values[i] = oldValues[j];
      }
    }
  }
}
