package io.leakscope.analysis.internal.suspects;

import io.leakscope.heap.HeapClass;
import io.leakscope.heap.HeapIndex;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * The class the dumped JVM was started with, read from its {@code sun.java.command} system
 * property: {@code java.lang.System.props}, a {@code Properties} whose entries are in a {@code
 * ConcurrentHashMap} (JDK 9 and later). The property is the main class and its arguments, or a
 * jar's path ({@code java -jar app.jar}), which names no class.
 *
 * <p>Design note. A handful of positional reads: the static field, the map, its table, and the key
 * of each entry until the property's, with the value's text; no pass over the heap.
 */
public final class MainClass {
  private MainClass() {}

  /** The main class's name, or null when the dump does not hold it or it names a jar. */
  public static @Nullable String read(HeapIndex index) throws IOException {
    String command = property(index, "sun.java.command");
    return command == null ? null : fromCommand(command);
  }

  /**
   * The main class of a {@code sun.java.command} value: its first word when that is a class name;
   * null for a jar ({@code app.jar --port 8080}), a path, or nothing.
   */
  static @Nullable String fromCommand(String command) {
    if (command.isBlank()) {
      return null;
    }
    String first = command.strip().split("\\s+", 2)[0];
    if (first.endsWith(".jar") || first.contains("/") || first.contains("\\")) {
      return null;
    }
    return first.matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*")
        ? first
        : null;
  }

  private static @Nullable String property(HeapIndex index, String key) throws IOException {
    int props = staticObject(index, "java.lang.System", "props");
    return props < 0 ? null : lookup(index, field(index, props, "map"), key);
  }

  /**
   * The text of the value under the String {@code key} in a map of Strings: a {@code HashMap}, a
   * {@code ConcurrentHashMap} or a {@code Hashtable}, or an unmodifiable view of one; null when it
   * is not there, or {@code map} is no such map (or -1).
   */
  static @Nullable String lookup(HeapIndex index, int map, String key) throws IOException {
    if (map >= 0
        && index.heapClass(index.classOf(map)).name().startsWith("java.util.Collections$")) {
      map = field(index, map, "m");
    }
    int table = map < 0 ? -1 : field(index, map, "table");
    if (table < 0) {
      return null;
    }
    var graph = index.graph();
    long end = graph.endEdge(table);
    for (long e = graph.firstEdge(table); e < end; e++) {
      int steps = 0;
      for (int node = graph.target(e); node >= 0 && steps < 64; steps++) {
        int k = field(index, node, "key");
        if (k >= 0 && key.equals(index.readString(k, key.length() + 1))) {
          int v = field(index, node, "val"); // a ConcurrentHashMap's node
          v = v < 0 ? field(index, node, "value") : v;
          return v < 0 ? null : index.readString(v, 4096);
        }
        node = field(index, node, "next");
      }
    }
    return null;
  }

  static int staticObject(HeapIndex index, String className, String name) throws IOException {
    for (int c = 0; c < index.classCount(); c++) {
      HeapClass k = index.heapClass(c);
      if (!k.name().equals(className) || k.objectId() < 0) {
        continue;
      }
      for (int i = 0; i < k.staticFieldCount(); i++) {
        if (k.staticFieldName(i).equals(name) && k.staticFieldValue(i) != 0) {
          return index.referencedObjectAt(k.objectId(), k.staticFieldValue(i));
        }
      }
    }
    return -1;
  }

  static int field(HeapIndex index, int id, String name) throws IOException {
    Long address = index.findReferenceField(id, name);
    return address == null || address == 0 ? -1 : index.referencedObjectAt(id, address);
  }
}
