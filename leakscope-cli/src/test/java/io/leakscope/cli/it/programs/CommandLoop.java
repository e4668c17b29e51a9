package io.leakscope.cli.it.programs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The protocol every test program follows: after building its heap it prints {@code READY}, then
 * reads one command per line from stdin, runs it and answers {@code DONE <command>}. {@code ping}
 * does nothing; {@code exit} or the end of input ends the program.
 *
 * <p>Whatever serving a command creates for good (resolved string literals, linked call sites, the
 * reader's buffer) is created before {@code READY} by serving one {@code ping}, so that commands
 * leave only garbage behind and the measured heap changes exactly by what the command itself does.
 * For the same reason this class uses no string concatenation (its first use links call sites and
 * creates classes).
 */
final class CommandLoop {
  private CommandLoop() {}

  static void readyThenServe(Map<String, Runnable> commands) throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    serve("ping", commands);
    System.out.println("READY");
    System.out.flush();
    // No local variable holds the line: it would keep the last command's String alive while the
    // next read blocks, and the heap would differ by it between commands.
    while (serve(in.readLine(), commands)) {
      // next command
    }
    System.exit(0);
  }

  /** Runs one command and answers it; returns false for {@code exit} and the end of input. */
  private static boolean serve(String line, Map<String, Runnable> commands) {
    if (line == null) {
      return false;
    }
    String command = line.trim();
    if (command.equals("exit")) {
      return false;
    }
    Runnable action = commands.get(command);
    if (action != null) {
      action.run();
    } else if (!command.equals("ping")) {
      System.out.print("UNKNOWN ");
      System.out.println(command);
      System.out.flush();
      return true;
    }
    System.out.print("DONE ");
    System.out.println(command);
    System.out.flush();
    return true;
  }
}
