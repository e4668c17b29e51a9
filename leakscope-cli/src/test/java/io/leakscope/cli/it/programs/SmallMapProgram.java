package io.leakscope.cli.it.programs;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A program with a small heap, most of it one static map of 5,000 arrays of 200 bytes: small enough
 * that the JVM's own structures are a tenth of it (on JDK 17, the class-data-sharing archive's
 * roots).
 */
public final class SmallMapProgram {
  static final Map<Integer, byte[]> MAP = new HashMap<>();

  public static void main(String[] args) throws IOException {
    for (int i = 0; i < 5000; i++) {
      MAP.put(i, new byte[200]);
    }
    CommandLoop.readyThenServe(Map.of());
  }
}
