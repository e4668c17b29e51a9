package io.leakscope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns exceptions into one line on standard error and an exit code. Stack traces are printed only
 * with the hidden {@code --debug} option or {@code LEAKSCOPE_DEBUG=1}, so a user mistake never
 * shows one.
 */
final class FailureReporter implements IParameterExceptionHandler, IExecutionExceptionHandler {
  static final String DEBUG_ENV = "LEAKSCOPE_DEBUG";

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cli = ex.getCommandLine();
    PrintWriter err = cli.getErr();
    err.println("leakscope: " + oneLine(ex.getMessage()));
    UnmatchedArgumentException.printSuggestions(ex, err);
    err.println("Run '" + cli.getCommandSpec().qualifiedName() + " --help' for usage.");
    if (debugRequested(cli.getParseResult())) {
      ex.printStackTrace(err);
    }
    err.flush();
    return Main.EXIT_USAGE;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cli, ParseResult parseResult) {
    PrintWriter err = cli.getErr();
    int exitCode;
    if (ex instanceof CommandFailure failure) {
      err.println("leakscope: " + oneLine(failure.getMessage()));
      exitCode = failure.exitCode();
    } else if (ex instanceof IOException) {
      err.println("leakscope: " + describe(ex));
      exitCode = Main.EXIT_FAILURE;
    } else {
      err.println(
          "leakscope: internal error: "
              + describe(ex)
              + " (set "
              + DEBUG_ENV
              + "=1 for a stack trace)");
      exitCode = Main.EXIT_FAILURE;
    }
    if (debugRequested(parseResult)) {
      ex.printStackTrace(err);
    }
    err.flush();
    return exitCode;
  }

  /** One line that says what went wrong, for any exception. */
  static String describe(Throwable t) {
    String message;
    if (t instanceof NoSuchFileException e) {
      message = "no such file: " + e.getFile();
    } else if (t instanceof AccessDeniedException e) {
      message = "permission denied: " + e.getFile();
    } else if (t instanceof FileSystemException e && e.getFile() != null) {
      message = e.getFile() + ": " + (e.getReason() == null ? simpleName(t) : e.getReason());
    } else if (t.getMessage() == null || t.getMessage().isBlank()) {
      message = simpleName(t);
    } else if (t instanceof IOException || t instanceof CommandFailure) {
      message = t.getMessage();
    } else {
      message = simpleName(t) + ": " + t.getMessage();
    }
    return oneLine(message);
  }

  static String oneLine(String message) {
    return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  private static String simpleName(Throwable t) {
    return t.getClass().getSimpleName();
  }

  private static boolean debugRequested(ParseResult parseResult) {
    if ("1".equals(System.getenv(DEBUG_ENV)) || "true".equalsIgnoreCase(System.getenv(DEBUG_ENV))) {
      return true;
    }
    for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--debug")) {
        return true;
      }
    }
    return false;
  }
}
