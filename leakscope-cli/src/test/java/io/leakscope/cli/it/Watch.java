package io.leakscope.cli.it;

import io.leakscope.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One in-process run of {@code leakscope watch … --plain}, and its output cut into the blocks of
 * one sample each.
 */
record Watch(int exitCode, String out, String err) {
  static Watch run(String... arguments) {
    List<String> args = new ArrayList<>(List.of("watch"));
    args.addAll(List.of(arguments));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.execute(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
    return new Watch(code, out.toString(), err.toString());
  }

  /** The blocks, each starting with its {@code leakscope watch pid …} line. */
  List<String> blocks() {
    List<String> blocks = new ArrayList<>();
    for (String part : out.split("(?m)^(?=leakscope watch  pid )")) {
      if (part.startsWith("leakscope watch  pid ")) {
        blocks.add(part);
      }
    }
    return blocks;
  }

  /** The word after the slope on the block's trend line: growing, flat, or collecting data. */
  static String verdict(String block) {
    String trend = line(block, "trend      ").orElseThrow();
    for (String word : List.of("growing", "flat", "collecting data")) {
      if (trend.contains(word)) {
        return word;
      }
    }
    throw new AssertionError("no verdict in: " + trend);
  }

  /** The class names of the growing-classes table, first (most bytes) first. */
  static List<String> growingClasses(String block) {
    List<String> classes = new ArrayList<>();
    boolean inTable = false;
    for (String line : block.split("\n")) {
      if (inTable) {
        if (line.isBlank()) {
          break;
        }
        String[] words = line.strip().split("\\s+");
        classes.add(words[words.length - 1]);
      } else if (line.strip().startsWith("+bytes")) {
        inTable = true;
      }
    }
    return classes;
  }

  static Optional<String> line(String block, String prefix) {
    return block.lines().filter(l -> l.startsWith(prefix)).findFirst();
  }
}
