package io.leakscope.cli;

import io.leakscope.demo.DemoService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The demo service running in a child JVM for {@code leakscope demo}. Everything it prints goes to
 * a log file; its address is taken from the line starting with {@link DemoService#LISTENING}.
 *
 * <p>{@link #close()} stops it (SIGTERM, so that the agent's shutdown hook closes the event log,
 * then SIGKILL after a grace period); the command also calls it from a shutdown hook, so Ctrl-C
 * never leaves the child running. Thread-safe.
 */
final class DemoChild implements AutoCloseable {

  private static final Duration GRACE = Duration.ofSeconds(10);

  private final Process process;
  private final Path log;
  private final Thread pump;
  private final CompletableFuture<String> listening;

  private DemoChild(Process process, Path log) {
    this.process = process;
    this.log = log;
    this.listening = new CompletableFuture<>();
    this.pump = new Thread(() -> pump(process, log, listening), "leakscope-demo-log");
    pump.setDaemon(true);
    pump.start();
  }

  /**
   * Starts the command; its output goes to {@code log}.
   *
   * @throws IOException when it cannot be started
   */
  static DemoChild launch(List<String> command, Path log) throws IOException {
    return new DemoChild(new ProcessBuilder(command).redirectErrorStream(true).start(), log);
  }

  /**
   * Waits until the service says where it listens.
   *
   * @return its address, e.g. {@code http://127.0.0.1:41234}
   * @throws IOException when it exits first or does not listen in time (it is then stopped); the
   *     message quotes the end of the log
   */
  String awaitUrl(Duration timeout) throws IOException {
    try {
      return listening.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IOException("interrupted while the demo service started", e);
    } catch (ExecutionException | TimeoutException e) {
      close();
      String cause =
          e instanceof TimeoutException
              ? "did not start listening within " + timeout.toSeconds() + " s"
              : e.getCause().getMessage();
      throw new IOException(
          "the demo service " + cause + "; its output (" + log + ") ends with: " + tail(log));
    }
  }

  /** Copies the child's output to the log and completes {@code listening} with its URL. */
  private static void pump(Process process, Path log, CompletableFuture<String> listening) {
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        out.write(line);
        out.write('\n');
        out.flush();
        if (line.startsWith(DemoService.LISTENING)) {
          String rest = line.substring(DemoService.LISTENING.length());
          int space = rest.indexOf(' ');
          listening.complete(space < 0 ? rest : rest.substring(0, space));
        }
      }
      listening.completeExceptionally(new IOException("exited with status " + exitStatus(process)));
    } catch (IOException | UncheckedIOException e) {
      listening.completeExceptionally(e);
    }
  }

  private static String exitStatus(Process process) {
    try {
      return String.valueOf(process.waitFor());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  /** The last few lines of the log, on one line. */
  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  /** The end of its output, on one line. */
  String tail() {
    return tail(log);
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Stops the child and waits for it; idempotent. */
  @Override
  public void close() {
    stop(process);
  }

  private static void stop(Process process) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
