package io.leakscope.cli;

/**
 * A failure already explained for the user: its message is printed as is after {@code "leakscope:
 * "}, and the command exits with {@link #exitCode()}.
 */
final class CommandFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  CommandFailure(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
