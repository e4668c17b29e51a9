package io.leakscope.cli.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a short-lived command (such as {@code jcmd}) to completion within a time limit. */
final class ExternalCommand {
  private ExternalCommand() {}

  /** What a finished command printed (stdout and stderr merged) and its exit code. */
  record Result(List<String> command, int exitCode, String output) {
    /** Returns this result, or throws with the command line and its output if it failed. */
    Result requireSuccess() {
      if (exitCode != 0) {
        throw new IllegalStateException(
            String.join(" ", command) + " exited with " + exitCode + ":\n" + output);
      }
      return this;
    }
  }

  /**
   * Runs {@code command}, reading its output on another thread so that a full pipe cannot block it.
   * A command still running after {@code timeout} is killed and reported as an error.
   */
  static Result run(List<String> command, Duration timeout) {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
    }
    try {
      process.getOutputStream().close();
      CompletableFuture<String> output = readAllAsync(process.getInputStream());
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(
            String.join(" ", command) + " did not finish within " + timeout);
      }
      // The process has exited, so its output ends soon; still bound the wait.
      return new Result(command, process.exitValue(), output.get(10, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    } catch (IOException | ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read the output of " + command, e);
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
    }
  }

  private static CompletableFuture<String> readAllAsync(InputStream in) {
    CompletableFuture<String> result = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (in) {
                result.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException e) {
                result.completeExceptionally(e);
              }
            },
            "external-command-output");
    reader.setDaemon(true);
    reader.start();
    return result;
  }
}
