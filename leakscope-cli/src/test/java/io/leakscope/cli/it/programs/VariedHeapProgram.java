package io.leakscope.cli.it.programs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Builds a heap with many kinds of objects whose shallow sizes an analyzer has to get right:
 * strings, collections, arrays of every primitive type and of references (including empty and
 * multi-dimensional ones), a lambda (hidden class), an inner class, classes with mixed field sizes
 * across three levels of inheritance (field packing and gaps), and a parked thread.
 */
public final class VariedHeapProgram {
  static final List<Object> KEEP = new ArrayList<>();
  static Supplier<String> lambda;
  static Thread parked;

  /** Fields that leave a gap after the header and in the subclass's first slot. */
  static class Base {
    byte b = 1;
    long l = 2;
    Object ref;
  }

  static class Middle extends Base {
    short s = 3;
    char c = 'c';
    boolean z = true;
  }

  static final class Mixed extends Middle {
    int i = 4;
    double d = 5.0;
    float f = 6.0f;
    Object other;
    boolean z2;
    byte b2;
  }

  /** One boolean: the smallest instance with a field. */
  static final class Flag {
    boolean on = true;
  }

  /** No fields at all: header only. */
  static final class Empty {}

  /** A non-static inner class: carries a hidden reference to its outer instance. */
  final class Inner {
    final int n;

    Inner(int n) {
      this.n = n;
    }
  }

  public static void main(String[] args) throws IOException {
    VariedHeapProgram outer = new VariedHeapProgram();
    List<String> strings = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      strings.add("string-" + i);
      strings.add("\u00e9t\u00e9-" + i); // non-Latin-1 in UTF-16 coder needs char-sized storage
    }
    strings.add("\u4e2d\u6587");
    KEEP.add(strings);

    Map<String, Integer> map = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      map.put("key-" + i, i * 1000);
    }
    KEEP.add(map);

    for (int len : new int[] {0, 1, 3, 7, 8, 9, 100, 1000}) {
      KEEP.add(new boolean[len]);
      KEEP.add(new byte[len]);
      KEEP.add(new char[len]);
      KEEP.add(new short[len]);
      KEEP.add(new int[len]);
      KEEP.add(new long[len]);
      KEEP.add(new float[len]);
      KEEP.add(new double[len]);
      KEEP.add(new Object[len]);
      KEEP.add(new String[len]);
    }
    KEEP.add(new int[5][7]);
    KEEP.add(new long[3][0]);
    KEEP.add(new Mixed[4][2][]);

    for (int i = 0; i < 50; i++) {
      Mixed m = new Mixed();
      m.ref = new Base();
      m.other = new Middle();
      KEEP.add(m);
      KEEP.add(new Flag());
      KEEP.add(new Empty());
      KEEP.add(outer.new Inner(i));
    }

    int captured = strings.size();
    lambda = () -> "size " + captured;
    KEEP.add(lambda.get());

    parked =
        new Thread(
            () -> {
              while (true) {
                LockSupport.park();
              }
            },
            "leakscope-it-parked");
    parked.setDaemon(true);
    parked.start();
    while (parked.getState() != Thread.State.WAITING) {
      Thread.onSpinWait();
    }

    CommandLoop.readyThenServe(Map.of());
  }
}
