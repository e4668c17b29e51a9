package io.leakscope.cli;

import io.leakscope.watchdog.LiveSetSeries;
import io.leakscope.watchdog.LiveSetVerdict;
import io.leakscope.watchdog.MemoryFootprint;
import io.leakscope.watchdog.TrendSettings;
import io.leakscope.watchdog.TrendVerdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import sun.misc.SignalHandler;

/**
 * {@code leakscope watch PID}: attaches to a running JVM and shows, once per interval, its live set
 * after GC with the trend verdict of the watchdog ({@link LiveSetVerdict}, on the watchdog's
 * buckets: {@link LiveSetSeries}, readings and upper bounds alike) and the classes that grew
 * between class histograms; {@code --dump} captures two heap dumps to diff.
 *
 * <p>Each sample: ({@code --gc}: a live class histogram, which runs a full GC) the newest live-set
 * reading, the histogram (without {@code --gc}: of all objects, which forces no GC), the trend over
 * the window, the evidence if due, and one screen. On a terminal the screen is redrawn in place;
 * otherwise, or with {@code --plain}, each sample is a block of plain lines followed by an empty
 * line. Ctrl-C ends the watch after the current sample with exit code 0 ({@link CtrlC}).
 */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Attaches to a running JVM of the same user and shows, every interval, its live set after GC,"
          + " whether it is growing (robust slope and significance test over the window), the"
          + " estimated time to a full heap, and the classes that grew between class histograms.",
      "Forces no garbage collection unless --gc is given: the live set is read after the JVM's own"
          + " old-generation collections, and histograms count all objects, reachable or not.",
    },
    footer = {
      "",
      "Exit codes: 0 success (also after Ctrl-C), 1 failure (attach refused, target exited),"
          + " 2 usage error (bad option, no such process, not a JVM).",
      "Examples:",
      "  leakscope watch 4242",
      "  leakscope watch 4242 --interval 30s --window 30m --dump --dir /var/tmp/evidence",
      "  leakscope watch 4242 --plain --count 60 > watch.log"
    })
final class WatchCommand implements Callable<Integer> {
  private static final String CLEAR_HOME = "\033[H\033[2J";
  private static final String HIDE_CURSOR = "\033[?25l";
  private static final String SHOW_CURSOR = "\033[?25h";
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  @Parameters(index = "0", paramLabel = "PID", description = "Process id of the JVM to watch.")
  long pid;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Time between samples, e.g. 500ms, 10s, 1m (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(
      names = "--window",
      paramLabel = "DURATION",
      defaultValue = "5m",
      converter = DurationConverter.class,
      description =
          "The trend is judged over the readings of this last stretch (default: ${DEFAULT-VALUE}).")
  Duration window;

  @Option(
      names = {"-n", "--top"},
      paramLabel = "N",
      defaultValue = "10",
      description = "How many growing classes to show (default: ${DEFAULT-VALUE}).")
  int top;

  @Option(
      names = "--dump",
      paramLabel = "WHEN",
      arity = "0..1",
      fallbackValue = "growing",
      description =
          "Capture two heap dumps (one sample apart) and their class histograms into --dir, then"
              + " print the analyze command to run: when the trend says growing (--dump), or at"
              + " once (--dump=now). The target JVM writes them; each runs a full GC.")
  String dump;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      defaultValue = ".",
      description =
          "Directory for --dump's files, created when missing (default: the current directory).")
  Path dir;

  @Option(
      names = "--count",
      paramLabel = "N",
      description = "Stop after N samples (default: run until Ctrl-C).")
  Integer count;

  @Option(names = "--once", description = "Take one sample and stop (as --count 1).")
  boolean once;

  @Option(
      names = "--plain",
      description =
          "One block of plain lines per sample, never redrawn (always so when not on a terminal).")
  boolean plain;

  @Option(
      names = "--gc",
      description =
          "Before each sample run a full GC (a class histogram of live objects), so that every"
              + " sample has a fresh live set and histograms count live objects only.")
  boolean gc;

  @Spec CommandSpec spec;

  private final CountDownLatch stop = new CountDownLatch(1);

  @Override
  public Integer call() throws IOException {
    int limit = validate();
    WatchEvidence evidence = dump == null ? null : new WatchEvidence(when(), dir);
    PrintWriter out = spec.commandLine().getOut();
    boolean redraw = !plain && Terminal.isInteractive();
    SignalHandler previous = CtrlC.onInterrupt(stop::countDown);
    try (AttachedJvm jvm = AttachedJvm.attach(pid)) {
      if (evidence != null) {
        createDir();
      }
      if (redraw) {
        out.print(HIDE_CURSOR);
      }
      try {
        watch(jvm, limit, evidence, out, redraw);
      } finally {
        if (redraw) {
          out.print(SHOW_CURSOR);
        }
        out.flush();
      }
    } finally {
      CtrlC.restore(previous);
    }
    if (evidence != null && evidence.dumps().size() == 1) {
      out.println(
          "leakscope: stopped before the second heap dump; analyze the first with: "
              + evidence.analyzeCommand().orElseThrow());
    }
    return Main.EXIT_OK;
  }

  private void watch(
      AttachedJvm jvm, int limit, WatchEvidence evidence, PrintWriter out, boolean redraw) {
    TrendSettings d = TrendSettings.defaults();
    TrendSettings settings =
        new TrendSettings(
            window,
            Duration.ZERO,
            d.maxPValue(),
            d.minGrowthBytesPerSecond(),
            d.minRelativeGrowth(),
            d.minSamples());
    LiveSetSeries readings = LiveSetSeries.forWindow(window);
    ClassGrowth growth = new ClassGrowth();
    for (int sample = 1; ; sample++) {
      long started = System.nanoTime();
      WatchScreen.Frame frame;
      try {
        frame = sample(jvm, sample, settings, readings, growth, evidence);
      } catch (IOException | JMException | RuntimeException e) {
        if (e instanceof CommandFailure failure) {
          throw failure;
        }
        throw AttachedJvm.lost(pid, "being sampled", e);
      }
      List<String> lines = WatchScreen.render(frame);
      if (redraw) {
        out.print(CLEAR_HOME);
        lines.forEach(line -> out.print(line + "\033[K\n"));
      } else {
        lines.forEach(out::println);
        out.println();
      }
      out.flush();
      if (sample >= limit || awaitStop(started)) {
        return;
      }
      if (!jvm.isAlive()) {
        throw new CommandFailure(Main.EXIT_FAILURE, "target JVM " + pid + " exited", null);
      }
    }
  }

  private WatchScreen.Frame sample(
      AttachedJvm jvm,
      int sample,
      TrendSettings settings,
      LiveSetSeries readings,
      ClassGrowth growth,
      WatchEvidence evidence)
      throws IOException, JMException {
    String histogram = gc ? jvm.classHistogram(true) : null;
    jvm.addNewCollections(readings);
    if (histogram == null) {
      histogram = jvm.classHistogram(false);
    }
    growth.add(histogram);
    LiveSetSeries.Series live = readings.readings();
    LiveSetSeries.Series bounds = readings.bounds();
    // The agent's rule on the agent's buckets: the same state on the same readings.
    LiveSetVerdict.Judged judged =
        LiveSetVerdict.judge(
            live.timesMillis(),
            live.liveBytes(),
            live.count(),
            bounds.timesMillis(),
            bounds.liveBytes(),
            bounds.count(),
            jvm.maxBytes(),
            settings,
            jvm.readingsHoldGarbage(System.currentTimeMillis() - settings.window().toMillis()));
    TrendVerdict verdict = judged.verdict();
    long[] times =
        judged.basis() == LiveSetVerdict.Basis.UPPER_BOUND
            ? bounds.timesMillis()
            : live.timesMillis();
    long[] bytes = sparkline(live.liveBytes());
    int n = times.length;
    long span = n == 0 ? 0 : Math.min(times[n - 1] - times[0], window.toMillis());
    if (evidence != null) {
      evidence.afterSample(jvm, sample, verdict.leaking(), histogram, Instant.now());
    }
    MemoryFootprint memory = null;
    String memoryProblem = null;
    try {
      memory = MemoryFootprint.capture(pid, Path.of("/"), jvm.server(), System.currentTimeMillis());
    } catch (RuntimeException e) {
      memoryProblem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    return new WatchScreen.Frame(
        pid,
        jvm.description(),
        sample,
        LocalTime.now(ZoneId.systemDefault()).format(CLOCK),
        jvm.trackedPools(),
        jvm.maxBytes(),
        jvm.collectionCount(),
        bytes,
        verdict,
        judged.basis(),
        settings.minSamples(),
        span,
        growth.topGrowing(top),
        gc,
        evidence == null ? List.of() : evidence.notes(),
        memory,
        memoryProblem);
  }

  /** The newest readings, as many as the sparkline shows. */
  private static long[] sparkline(long[] bytes) {
    return Arrays.copyOfRange(
        bytes, Math.max(0, bytes.length - WatchScreen.SPARKLINE_WIDTH), bytes.length);
  }

  /** Waits for the rest of the interval; true when Ctrl-C asked to stop. */
  private boolean awaitStop(long startedNanos) {
    long left = interval.toNanos() - (System.nanoTime() - startedNanos);
    try {
      return stop.await(Math.max(0, left), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  /** Problems the user can fix on the command line (exit code 2); returns the sample limit. */
  private int validate() {
    if (pid <= 0) {
      throw usage("PID: " + pid + " (expected: a process id, 1 or more)");
    }
    if (top < 1) {
      throw usage("--top: " + top + " (expected: 1+)");
    }
    if (count != null && once) {
      throw usage("--count and --once: give one of them");
    }
    if (count != null && count < 1) {
      throw usage("--count: " + count + " (expected: 1+)");
    }
    if (dump != null) {
      when();
      if (Files.exists(dir) && !Files.isDirectory(dir)) {
        throw usage("--dir: " + dir + " is not a directory");
      }
      if (Files.isDirectory(dir) && !Files.isWritable(dir)) {
        throw usage("--dir: " + dir + " is not writable");
      }
    }
    return once ? 1 : count == null ? Integer.MAX_VALUE : count;
  }

  /**
   * Creates {@code --dir} and its parents when missing, as {@code demo} and the agent do; once the
   * target is attached, so that a mistyped PID leaves no directory behind.
   */
  private void createDir() {
    try {
      Files.createDirectories(dir);
    } catch (AccessDeniedException e) {
      throw usage("--dir: cannot create " + dir + " (permission denied)");
    } catch (FileAlreadyExistsException e) {
      throw usage("--dir: cannot create " + dir + " (" + e.getFile() + " is not a directory)");
    } catch (FileSystemException e) {
      throw usage(
          "--dir: cannot create "
              + dir
              + " ("
              + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName())
              + ")");
    } catch (IOException e) {
      throw usage("--dir: cannot create " + dir + " (" + e + ")");
    }
    if (!Files.isWritable(dir)) {
      throw usage("--dir: " + dir + " is not writable");
    }
  }

  private WatchEvidence.When when() {
    return switch (dump.strip().toLowerCase(Locale.ROOT)) {
      case "growing" -> WatchEvidence.When.GROWING;
      case "now" -> WatchEvidence.When.NOW;
      default -> throw usage("--dump: '" + dump + "' (expected: growing or now)");
    };
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
