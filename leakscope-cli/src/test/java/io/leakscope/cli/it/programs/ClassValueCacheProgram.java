package io.leakscope.cli.it.programs;

import java.io.IOException;
import java.lang.ref.SoftReference;
import java.util.Map;

/**
 * A cache kept in a {@code ClassValue}: a 64 KB table computed for each of 100 classes (the array
 * classes {@code int[]} to {@code int[]...[]} of 100 dimensions). Each value is alive, held by its
 * class's own {@code ClassValue} map, a field of the class object that HotSpot does not write to a
 * heap dump: 6.4 MB that nothing in the dump references. Beside it, a 2 MB buffer that only a
 * {@code SoftReference} refers to, which the graph leaves out too.
 */
public final class ClassValueCacheProgram {
  public static final int CLASSES = 100;
  public static final int TABLE_BYTES = 64 * 1024;

  public static final int SOFT_BYTES = 2 * 1024 * 1024;

  static final SoftReference<byte[]> SOFT = new SoftReference<>(new byte[SOFT_BYTES]);

  static final ClassValue<byte[]> TABLES =
      new ClassValue<>() {
        @Override
        protected byte[] computeValue(Class<?> type) {
          return new byte[TABLE_BYTES];
        }
      };

  public static void main(String[] args) throws IOException {
    Class<?> type = int.class;
    for (int i = 0; i < CLASSES; i++) {
      type = type.arrayType();
      TABLES.get(type);
    }
    CommandLoop.readyThenServe(Map.of());
  }
}
