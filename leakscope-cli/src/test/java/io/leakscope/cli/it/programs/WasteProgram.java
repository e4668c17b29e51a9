package io.leakscope.cli.it.programs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Memory waste that is not a leak, each kind in its own static field: copies of one text built at
 * run time, empty lists that keep the array they once grew, and a list of boxed longs.
 */
public final class WasteProgram {
  static final int COPIES = 5000;
  static final int EMPTY_LISTS = 3000;
  static final int BOXES = 10_000;

  static final List<String> NAMES = new ArrayList<>();
  static final List<List<String>> DRAINED = new ArrayList<>();
  static final List<Long> SAMPLES = new ArrayList<>();

  public static void main(String[] args) throws IOException {
    fill();
    CommandLoop.readyThenServe(Map.of());
  }

  private static void fill() {
    for (int i = 0; i < COPIES; i++) {
      // a new String and a new array each time, never the interned literal
      NAMES.add(new StringBuilder("customer-").append("status-").append("pending").toString());
    }
    for (int i = 0; i < EMPTY_LISTS; i++) {
      List<String> list = new ArrayList<>(10);
      list.add("x");
      list.remove(0); // empty again, the array of ten stays
      DRAINED.add(list);
    }
    for (int i = 0; i < BOXES; i++) {
      SAMPLES.add(1_000_000L + i); // outside Long's cache of -128..127: one box each
    }
  }
}
