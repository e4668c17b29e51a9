package io.leakscope.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} and {@code --flag} options of the benchmark mains. Unknown names are errors
 * that list the known ones.
 */
final class CommandOptions {

  private final Map<String, String> values = new HashMap<>();

  /**
   * @param args the command line
   * @param withValue names that take a value
   * @param flags names that take none
   * @throws IllegalArgumentException on an unknown name or a missing value
   */
  CommandOptions(String[] args, Set<String> withValue, Set<String> flags) {
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (flags.contains(name)) {
        values.put(name, "true");
      } else if (withValue.contains(name)) {
        if (i + 1 == args.length) {
          throw new IllegalArgumentException(name + ": missing value");
        }
        values.put(name, args[++i]);
      } else {
        throw new IllegalArgumentException(
            "unknown option " + name + " (expected one of " + withValue + " " + flags + ")");
      }
    }
  }

  String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  long getLong(String name, long fallback, long min) {
    String text = values.get(name);
    if (text == null) {
      return fallback;
    }
    long value;
    try {
      value = Long.parseLong(text.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": " + text + " (expected: a number)", e);
    }
    if (value < min) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: " + min + "+)");
    }
    return value;
  }

  /**
   * The {@code java} to start children with: {@code --java}, else {@code $JAVA_HOME/bin/java}, else
   * the one running this JVM.
   */
  Path java() {
    String explicit = values.get("--java");
    if (explicit != null) {
      return Path.of(explicit);
    }
    String javaHome = System.getenv("JAVA_HOME");
    if (javaHome != null && Files.isExecutable(Path.of(javaHome, "bin", "java"))) {
      return Path.of(javaHome, "bin", "java");
    }
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }
}
