package io.leakscope.cli.it.programs;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A web application's class, loaded by a loader of its own by {@link TwoWebappsProgram}, with a
 * lambda (a hidden class its call site holds) and a static cache.
 */
public final class WebappTwo {
  static final List<byte[]> CACHE = new ArrayList<>();
  static final IntFunction<byte[]> PAGE = size -> new byte[size];

  /** Caches {@code pages} pages of 1 KB. */
  public static void fill(int pages) {
    for (int i = 0; i < pages; i++) {
      CACHE.add(PAGE.apply(1024));
    }
  }

  private WebappTwo() {}
}
