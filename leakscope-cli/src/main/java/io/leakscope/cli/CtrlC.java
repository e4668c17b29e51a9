package io.leakscope.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C for the commands that sample a running JVM until told to stop ({@code watch}, {@code
 * memory --for}): the first one asks the command to stop after its current sample, so that it can
 * still report what it has and choose its exit code; a second one ends the process at once. {@code
 * SIGINT} is handled with {@code sun.misc.Signal} from {@code jdk.unsupported}, since a shutdown
 * hook could not choose the exit code.
 */
final class CtrlC {
  private CtrlC() {}

  /**
   * Runs {@code action} on the first Ctrl-C; a second one ends the process at once with exit code
   * 130. Returns the handler it replaced, for {@link #restore}, or null when signals cannot be
   * handled here.
   */
  static SignalHandler onInterrupt(Runnable action) {
    try {
      return Signal.handle(
          new Signal("INT"),
          new SignalHandler() {
            private boolean asked;

            @Override
            public synchronized void handle(Signal signal) {
              if (asked) {
                Runtime.getRuntime().halt(130);
              }
              asked = true;
              action.run();
            }
          });
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      return null;
    }
  }

  /** Puts back the handler {@link #onInterrupt} replaced; nothing if it was null. */
  static void restore(SignalHandler previous) {
    if (previous != null) {
      Signal.handle(new Signal("INT"), previous);
    }
  }
}
