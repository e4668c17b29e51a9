package io.leakscope.cli.it;

import io.leakscope.testing.Jdk;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A test program from {@code io.leakscope.cli.it.programs} running in its own JVM, and the {@code
 * jcmd} commands the tests send to it.
 *
 * <p>The program prints {@code READY} once its heap is built and then serves commands read from its
 * stdin, answering {@code DONE <command>} (see {@code CommandLoop}). {@link #start} waits for
 * {@code READY}, sends one {@code ping} and runs {@code jcmd VM.version}, so that what the first
 * command and the attach machinery create for good already exists before anything is measured.
 *
 * <p>Every wait is bounded. {@link #close} ends the process (politely, then forcibly); use the
 * object in try-with-resources.
 */
public final class ChildJvm implements AutoCloseable {
  /** Heap of every child: small, so that dumps and the whole test stay quick. */
  static final List<String> STANDARD_OPTIONS = List.of("-Xmx256m", "-XX:+UseG1GC");

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration JCMD_TIMEOUT = Duration.ofSeconds(90);
  private static final String END_OF_OUTPUT = "\u0000end of output";

  private final Jdk jdk;
  private final String programName;
  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> transcript = new ArrayList<>();

  private ChildJvm(Jdk jdk, String programName, Process process) {
    this.jdk = jdk;
    this.programName = programName;
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(this::pumpOutput, "child-jvm-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code program} (a class with a {@code main} method, compiled with the test classes) on
   * {@code jdk} with {@link #STANDARD_OPTIONS} and then {@code extraOptions}, and waits until it is
   * ready to be measured.
   */
  public static ChildJvm start(Jdk jdk, Class<?> program, List<String> extraOptions) {
    List<String> command = new ArrayList<>();
    command.add(jdk.java().toString());
    command.add("-cp");
    command.add(classpathOf(program).toString());
    command.addAll(STANDARD_OPTIONS);
    command.addAll(extraOptions);
    command.add(program.getName());
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
    }
    ChildJvm child = new ChildJvm(jdk, program.getSimpleName(), process);
    try {
      child.awaitLine("READY", STARTUP_TIMEOUT);
      child.send("ping");
      child.jcmd("VM.version");
      return child;
    } catch (RuntimeException | Error e) {
      child.close();
      throw e;
    }
  }

  public Jdk jdk() {
    return jdk;
  }

  public long pid() {
    return process.pid();
  }

  /** Sends {@code command} to the program and waits until it has been carried out. */
  public void send(String command) {
    try {
      stdin.write(command);
      stdin.write('\n');
      stdin.flush();
    } catch (IOException e) {
      throw new IllegalStateException(describe() + ": cannot send " + command, e);
    }
    awaitLine("DONE " + command, COMMAND_TIMEOUT);
  }

  /** Runs {@code jcmd <pid> arguments…} of the child's own JDK and returns what it printed. */
  public String jcmd(String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(jdk.jcmd().toString());
    command.add(Long.toString(pid()));
    command.addAll(List.of(arguments));
    return ExternalCommand.run(command, JCMD_TIMEOUT).requireSuccess().output();
  }

  /** {@code jcmd GC.class_histogram} (which runs a full GC first), parsed. */
  public ClassHistogram classHistogram() {
    return ClassHistogram.parseJcmd(jcmd("GC.class_histogram"));
  }

  /**
   * Takes class histograms until two in a row agree (at most {@code 4}), and returns the last.
   *
   * <p>The first full GCs of a fresh JVM let the common cleaner and reference handler threads free
   * a few objects (on JDK 17: {@code CleanerImpl$PhantomCleanableRef} and {@code
   * MethodHandleNatives$CallSiteContext}) while or after the histogram is taken.
   */
  public ClassHistogram settledClassHistogram() {
    ClassHistogram previous = classHistogram();
    for (int attempt = 1; attempt < 4; attempt++) {
      ClassHistogram next = classHistogram();
      if (next.equals(previous)) {
        return next;
      }
      previous = next;
    }
    return previous;
  }

  /**
   * {@code jcmd GC.heap_dump [-gz=1] file}: dumps the live objects (after a full GC) to a new file.
   *
   * @return {@code file}
   */
  public Path heapDump(Path file, boolean gzip) {
    String output =
        gzip
            ? jcmd("GC.heap_dump", "-gz=1", file.toString())
            : jcmd("GC.heap_dump", file.toString());
    if (!output.contains("Heap dump file created") || !Files.isRegularFile(file)) {
      throw new IllegalStateException(describe() + ": no heap dump at " + file + ":\n" + output);
    }
    return file;
  }

  /** Closes the program's stdin (it exits on end of input) and kills it if it does not exit. */
  @Override
  public void close() {
    try {
      stdin.close();
    } catch (IOException e) {
      // the process is gone already; nothing to close
    }
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return programName + " on " + jdk;
  }

  private void awaitLine(String expected, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
        if (line == null || line.equals(END_OF_OUTPUT)) {
          String why = line == null ? "no '" + expected + "' within " + timeout : "exited";
          throw new IllegalStateException(describe() + ": " + why + "; output:\n" + transcript());
        }
        if (line.equals(expected)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(describe() + ": interrupted waiting for " + expected, e);
    }
  }

  private void pumpOutput() {
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        synchronized (transcript) {
          transcript.add(line);
        }
        lines.add(line);
      }
    } catch (IOException e) {
      // the stream closes when the process dies; the waiting side reports it
    } finally {
      lines.add(END_OF_OUTPUT);
    }
  }

  private String transcript() {
    synchronized (transcript) {
      return String.join("\n", transcript);
    }
  }

  private String describe() {
    String state = process.isAlive() ? "pid " + pid() : "exited with " + process.exitValue();
    return this + " (" + state + ")";
  }

  private static Path classpathOf(Class<?> program) {
    try {
      return Path.of(program.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("no class path entry for " + program.getName(), e);
    }
  }
}
