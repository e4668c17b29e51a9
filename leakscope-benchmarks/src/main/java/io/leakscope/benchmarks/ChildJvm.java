package io.leakscope.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Starts a Java main class in a child JVM of a given JDK, echoes and captures its output, enforces
 * a timeout, and samples the child's peak RSS from outside (so that a child that dies or is killed
 * still has a peak RSS to report).
 *
 * <p>Not thread-safe; one instance runs one child once.
 */
final class ChildJvm {

  /** Called for every line the child prints on standard output, on the reading thread. */
  @FunctionalInterface
  interface LineListener {
    /**
     * @param line the line without its terminator
     * @param process the child, e.g. to write to its standard input
     * @throws IOException if reacting to the line fails; the child is then killed
     */
    void onLine(String line, Process process) throws IOException;
  }

  /**
   * How a child ended.
   *
   * @param exitCode the exit code, or -1 if it was killed on timeout
   * @param timedOut whether the timeout killed it
   * @param wallMillis from start to exit, JVM start-up included
   * @param sampledPeakRssKb highest {@code VmHWM} seen by sampling every 100 ms; -1 if none seen
   * @param stdout everything printed on standard output
   * @param stderr everything printed on standard error
   */
  record Outcome(
      int exitCode,
      boolean timedOut,
      long wallMillis,
      long sampledPeakRssKb,
      String stdout,
      String stderr) {}

  private final String label;
  private final List<String> command = new ArrayList<>();
  private Duration timeout = Duration.ofMinutes(30);
  private PrintStream echo;
  private LineListener listener = (line, process) -> {};
  private java.util.function.Consumer<java.util.Map<String, Long>> sampleListener = status -> {};

  /**
   * @param label prefix of echoed lines, e.g. {@code netbeans}
   * @param java the {@code java} executable
   * @param jvmOptions options such as {@code -Xmx20g}
   * @param classpath the class path of the child
   * @param mainClass the class to run
   * @param args its arguments
   */
  ChildJvm(
      String label,
      Path java,
      List<String> jvmOptions,
      String classpath,
      Class<?> mainClass,
      List<String> args) {
    this(label, java, jvmOptions, classpath, mainClass.getName(), args);
  }

  /**
   * As the other constructor, with the main class by name (one this module does not compile
   * against).
   */
  ChildJvm(
      String label,
      Path java,
      List<String> jvmOptions,
      String classpath,
      String mainClass,
      List<String> args) {
    this.label = label;
    command.add(java.toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(args);
  }

  ChildJvm timeout(Duration value) {
    this.timeout = value;
    return this;
  }

  /** Echoes every output line, prefixed with the label, to {@code stream}; none if null. */
  ChildJvm echoTo(PrintStream stream) {
    this.echo = stream;
    return this;
  }

  ChildJvm onLine(LineListener value) {
    this.listener = value;
    return this;
  }

  /**
   * Called at each peak-RSS sample (every 100 ms), on the sampling thread, with the child's {@code
   * /proc/PID/status} fields in kilobytes ({@link PeakRss#statusKb}; empty once it is gone).
   */
  ChildJvm onSample(java.util.function.Consumer<java.util.Map<String, Long>> value) {
    this.sampleListener = value;
    return this;
  }

  List<String> command() {
    return List.copyOf(command);
  }

  /**
   * Runs the child to its end or its timeout.
   *
   * @return how it ended
   * @throws IOException if the child cannot be started
   * @throws InterruptedException if this thread is interrupted; the child is killed
   */
  Outcome run() throws IOException, InterruptedException {
    long start = System.nanoTime();
    Process process = new ProcessBuilder(command).start();
    AtomicLong peakRss = new AtomicLong(-1);
    StringBuilder out = new StringBuilder();
    StringBuilder err = new StringBuilder();
    Thread outPump = pump(process.getInputStream(), out, process, true);
    Thread errPump = pump(process.getErrorStream(), err, process, false);
    Thread sampler =
        daemon(
            label + "-rss",
            () -> {
              while (process.isAlive()) {
                // one read of the status file serves the peak and the listener
                java.util.Map<String, Long> status = PeakRss.statusKb(process.pid());
                peakRss.accumulateAndGet(status.getOrDefault("VmHWM", -1L), Math::max);
                sampleListener.accept(status);
                try {
                  Thread.sleep(100);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    boolean exited;
    try {
      exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      if (process.isAlive()) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor();
      }
    }
    long wallMillis = (System.nanoTime() - start) / 1_000_000;
    sampler.interrupt();
    outPump.join();
    errPump.join();
    return new Outcome(
        exited ? process.exitValue() : -1,
        !exited,
        wallMillis,
        peakRss.get(),
        out.toString(),
        err.toString());
  }

  private Thread pump(InputStream stream, StringBuilder sink, Process process, boolean stdout) {
    return daemon(
        label + (stdout ? "-out" : "-err"),
        () -> {
          try (BufferedReader reader =
              new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
              synchronized (sink) {
                sink.append(line).append('\n');
              }
              if (echo != null) {
                echo.println("[" + label + "] " + line);
              }
              if (stdout) {
                listener.onLine(line, process);
              }
            }
          } catch (IOException e) {
            if (process.isAlive()) {
              process.destroyForcibly();
              throw new UncheckedIOException(label + ": reading child output failed", e);
            }
          }
        });
  }

  private static Thread daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
