package io.leakscope.cli.it.programs;

import java.util.Map;
import net.example.fastmap.OpenMap;

/**
 * A leak held in a map of a library that leakscope's list of libraries does not know ({@link
 * OpenMap}, in package {@code net.example}): statistics per request tag, never removed. The dump
 * names this program as the JVM's main class, so the application is {@code io.leakscope.*} and the
 * map is a library's.
 */
public final class TagIndexProgram {
  /** Tags indexed. */
  public static final int TAGS_ADDED = 4_000;

  static final OpenMap<String, TagStats> TAGS = new OpenMap<>();

  /** What is kept per tag. */
  static final class TagStats {
    final String tag;
    final long[] counts = new long[32];

    TagStats(String tag) {
      this.tag = tag;
    }
  }

  public static void main(String[] args) throws Exception {
    for (int i = 0; i < TAGS_ADDED; i++) {
      String tag = "request-" + i;
      TAGS.put(tag, new TagStats(tag));
    }
    CommandLoop.readyThenServe(Map.of());
  }

  private TagIndexProgram() {}
}
