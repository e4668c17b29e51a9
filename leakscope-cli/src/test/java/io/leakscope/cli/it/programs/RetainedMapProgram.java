package io.leakscope.cli.it.programs;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Holds one structure of known shape in the static field {@link #MAP}: a {@code HashMap} of a few
 * thousand entries whose keys and values are this program's own classes, each value with a {@code
 * byte[]} payload. Nothing outside the map refers into it, so every byte of it is retained by the
 * map. The command {@code release} sets {@code MAP} to null so the JVM can free it.
 */
public final class RetainedMapProgram {
  static Map<Key, Value> MAP;

  record Key(int id, String name) {}

  static final class Value {
    final long created;
    final byte[] payload;
    final long[] samples;

    Value(long created, byte[] payload, long[] samples) {
      this.created = created;
      this.payload = payload;
      this.samples = samples;
    }
  }

  public static void main(String[] args) throws IOException {
    // Built in its own method: a local variable of main would keep the map alive after release.
    MAP = build(4000);
    CommandLoop.readyThenServe(Map.of("release", () -> MAP = null));
  }

  private static Map<Key, Value> build(int entries) {
    Map<Key, Value> map = new HashMap<>();
    for (int i = 0; i < entries; i++) {
      byte[] payload = new byte[16 + (i * 37) % 240];
      payload[0] = (byte) i;
      map.put(new Key(i, "key-" + i), new Value(i, payload, new long[i % 5]));
    }
    return map;
  }
}
