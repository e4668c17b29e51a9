package io.leakscope.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether a person is watching: decides if a progress bar is drawn. */
final class Terminal {
  private Terminal() {}

  /**
   * True if the process is attached to an interactive terminal. On JDK 17 to 21 {@link
   * System#console()} is non-null only then; from JDK 22 it is non-null more often and {@code
   * Console.isTerminal()} (called reflectively, as we compile for 17) tells. Java cannot ask about
   * standard error alone, so this is false when standard input or output is redirected.
   */
  // SystemConsoleNull: the null check is for JDK 17-21, and isTerminal() covers JDK 22+ below.
  @SuppressWarnings("SystemConsoleNull")
  static boolean isInteractive() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return Boolean.TRUE.equals(isTerminal.invoke(console));
    } catch (NoSuchMethodException beforeJdk22) {
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }
}
