package io.leakscope.cli.it.programs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Two static holders in two classes of the same class loader: a map of 40,000 arrays of 200 bytes
 * (about 84% of what the loader's classes hold) and a list of 2,000 arrays of 1,000 bytes (about a
 * seventh of the heap). The loader dominates both; the descent from it runs into the map.
 */
public final class TwoHoldersProgram {
  /** The big holder. */
  public static final class Orders {
    static final Map<Integer, byte[]> BY_ID = new HashMap<>();
  }

  /** The smaller one, in another class. */
  public static final class Audit {
    static final List<byte[]> LOG = new ArrayList<>();
  }

  public static void main(String[] args) throws IOException {
    for (int i = 0; i < 40_000; i++) {
      Orders.BY_ID.put(i, new byte[200]);
    }
    for (int i = 0; i < 2_000; i++) {
      Audit.LOG.add(new byte[1_000]);
    }
    CommandLoop.readyThenServe(Map.of());
  }
}
