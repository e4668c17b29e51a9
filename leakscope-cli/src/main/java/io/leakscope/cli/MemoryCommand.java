package io.leakscope.cli;

import io.leakscope.watchdog.MemoryFootprint;
import io.leakscope.watchdog.NativeGrowth;
import io.leakscope.watchdog.TrendAnalysis;
import io.leakscope.watchdog.TrendSettings;
import io.leakscope.watchdog.TrendVerdict;
import io.leakscope.watchdog.json.JsonWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import sun.misc.SignalHandler;

/**
 * {@code leakscope memory PID}: a running JVM's whole footprint on one screen (resident memory, the
 * container's limit and working set, each of the JVM's categories, NMT's when on, what is outside
 * the JVM's accounting) and the verdicts: does the heap maximum plus the non-heap memory fit the
 * limit, and, with {@code --for}, does native memory grow and what grows.
 *
 * <p>{@code /proc/PID} and the process's cgroup are read directly; the JVM's own figures come over
 * JMX through the Attach API, as for {@code watch}. A JVM that refuses the attach still gets the
 * process and container figures, with the reason on the screen. Forces no garbage collection.
 */
@Command(
    name = "memory",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Explains a running JVM's whole memory footprint: resident memory, the container's limit,"
          + " working set and headroom, heap, metaspace, code cache, thread stacks, direct and"
          + " mapped buffers, Native Memory Tracking's categories when the JVM runs with"
          + " -XX:NativeMemoryTracking=summary, and what is outside the JVM's accounting.",
      "Says whether the heap maximum plus the non-heap memory fits the limit (and which -Xmx"
          + " would), and with --for whether native memory keeps growing and what grows.",
    },
    footer = {
      "",
      "Exit codes: 0 success, 1 failure (target exited), 2 usage error (bad option, no such"
          + " process, not a JVM).",
      "Ctrl-C during --for stops the sampling and reports the samples taken (exit code 0).",
      "Examples:",
      "  leakscope memory 4242",
      "  leakscope memory 4242 --for 5m --interval 10s",
      "  leakscope memory 4242 --json > memory.json"
    })
final class MemoryCommand implements Callable<Integer> {
  /** Samples the growth verdict needs at least. */
  static final int MIN_SAMPLES = 8;

  @Parameters(index = "0", paramLabel = "PID", description = "Process id of the JVM.")
  long pid;

  @Option(
      names = "--for",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "Sample for this long and judge whether native memory grows, e.g. 2m (default: one"
              + " sample, no growth verdict).")
  Duration duration;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "Time between samples with --for (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(
      names = "--warm-up",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description =
          "With --for, sample this long first and leave it out of the verdict: attaching starts the"
              + " JVM's management agent, which loads classes and starts threads for some seconds"
              + " (default: ${DEFAULT-VALUE}).")
  Duration warmUp;

  @Option(
      names = "--json",
      description = "Write the report as JSON (docs/schema/memory-report.schema.json).")
  boolean json;

  @Spec CommandSpec spec;

  /** Counted down by Ctrl-C: the samples stop, and those taken are reported. */
  private final CountDownLatch stop = new CountDownLatch(1);

  @Override
  public Integer call() throws InterruptedException {
    int samples = validate();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SignalHandler previous = samples > 1 ? CtrlC.onInterrupt(stop::countDown) : null;
    try {
      return report(samples, out, err);
    } finally {
      CtrlC.restore(previous);
    }
  }

  private int report(int samples, PrintWriter out, PrintWriter err) throws InterruptedException {
    AttachedJvm jvm = null;
    String attachProblem = null;
    try {
      jvm = AttachedJvm.attach(pid);
    } catch (CommandFailure failure) {
      if (failure.exitCode() == Main.EXIT_USAGE) {
        throw failure;
      }
      attachProblem = "JVM figures: " + failure.getMessage();
    }
    try {
      MemorySample sample = sample(jvm, attachProblem, samples, err);
      if (json) {
        out.println(JsonWriter.toJson(sample.toJson()));
      } else {
        MemoryScreen.render(sample).forEach(out::println);
      }
    } finally {
      if (jvm != null) {
        jvm.close();
      }
    }
    return Main.EXIT_OK;
  }

  /**
   * Samples {@code pid} for {@code duration} every {@code interval} after {@code warmUp}, as {@code
   * leakscope memory PID --for D --interval I --warm-up W} does, for callers in this package (the
   * demo).
   *
   * @param jvm the target attached to
   * @param err where progress goes
   */
  static MemorySample measure(
      AttachedJvm jvm, Duration duration, Duration interval, Duration warmUp, PrintWriter err)
      throws InterruptedException {
    MemoryCommand command = new MemoryCommand();
    command.pid = jvm.pid();
    command.duration = duration;
    command.interval = interval;
    command.warmUp = warmUp;
    return command.sample(jvm, null, (int) (duration.toNanos() / interval.toNanos() + 1), err);
  }

  private MemorySample sample(AttachedJvm jvm, String attachProblem, int samples, PrintWriter err)
      throws InterruptedException {
    List<MemoryFootprint> footprints = new ArrayList<>();
    List<AttachedJvm.Reading> liveSet = new ArrayList<>();
    if (samples > 1) {
      warmUp(jvm, err);
    }
    long started = System.nanoTime();
    for (int i = 0; i < samples; i++) {
      if (i > 0) {
        long next = started + i * interval.toNanos();
        if (stopped(next - System.nanoTime())) {
          if (!json) {
            err.println(
                "leakscope memory: stopped after " + i + " of " + samples + " samples (Ctrl-C)");
          }
          break;
        }
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
          throw new CommandFailure(Main.EXIT_FAILURE, "target JVM " + pid + " exited", null);
        }
        if (!json && i % 6 == 0) {
          err.println("leakscope memory: sample " + (i + 1) + " of " + samples);
        }
      }
      MemoryFootprint f =
          MemoryFootprint.capture(
              pid, Path.of("/"), jvm == null ? null : jvm.server(), System.currentTimeMillis());
      if (attachProblem != null) {
        List<String> problems = new ArrayList<>(f.problems());
        problems.add(0, attachProblem);
        f =
            new MemoryFootprint(
                f.timeMillis(),
                f.pid(),
                f.process(),
                f.container(),
                f.hostBytes(),
                f.jvm(),
                f.heapResidentBytes(),
                f.nmt(),
                problems);
      }
      footprints.add(f);
      if (jvm != null) {
        try {
          jvm.newLiveSetReading().ifPresent(liveSet::add);
        } catch (RuntimeException e) {
          // the footprint already says what could not be read
        }
      }
    }
    MemoryFootprint first = footprints.get(0);
    MemoryFootprint last = footprints.get(footprints.size() - 1);
    // stopped early, the verdict is on the samples taken (with too few, not enough data); one
    // sample has none, as without --for
    NativeGrowth.Verdict growth =
        footprints.size() < 2
            ? null
            : judge(footprints, liveSetGrowing(liveSet), last.nmt() != null);
    return new MemorySample(
        jvm == null ? null : jvm.description(),
        last,
        first,
        footprints.size(),
        last.timeMillis() - first.timeMillis(),
        MemorySample.fitOf(last),
        growth);
  }

  /**
   * Takes and drops footprints for {@link #warmUp}: the target's management agent, started by the
   * attach, and the first remote calls load classes, compile and start threads for some seconds
   * (measured: a JDK 17 service's anonymous memory grew from 26 to 72 MB in the first 5 s, then
   * stayed within a few MB), which is the observer's growth, not the service's.
   */
  private void warmUp(AttachedJvm jvm, PrintWriter err) throws InterruptedException {
    if (!json) {
      err.println("leakscope memory: warming up for " + DurationText.of(warmUp));
    }
    long end = System.nanoTime() + warmUp.toNanos();
    while (true) {
      MemoryFootprint.capture(
          pid, Path.of("/"), jvm == null ? null : jvm.server(), System.currentTimeMillis());
      if (jvm != null) {
        try {
          jvm.newLiveSetReading();
        } catch (RuntimeException e) {
          // measured again when sampling
        }
      }
      long left = end - System.nanoTime();
      if (left <= 0 || stopped(Math.min(left, interval.toNanos()))) {
        return; // stopped while warming up: the first sample is taken at once
      }
    }
  }

  /** Waits {@code nanos} (nothing if not positive); true when Ctrl-C asked to stop. */
  private boolean stopped(long nanos) throws InterruptedException {
    return stop.await(Math.max(0, nanos), TimeUnit.NANOSECONDS);
  }

  /** The settings of the growth verdict: the whole sampled span, no warm-up. */
  private TrendSettings settings() {
    TrendSettings d = NativeGrowth.defaults();
    return new TrendSettings(
        duration.plus(interval),
        Duration.ZERO,
        d.maxPValue(),
        d.minGrowthBytesPerSecond(),
        d.minRelativeGrowth(),
        MIN_SAMPLES);
  }

  private NativeGrowth.Verdict judge(
      List<MemoryFootprint> footprints, boolean liveSetGrowing, boolean nmtOn) {
    int n = footprints.size();
    long[] times = new long[n];
    Map<String, long[]> series = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      MemoryFootprint f = footprints.get(i);
      times[i] = f.timeMillis();
      for (Map.Entry<String, Long> e : f.series().entrySet()) {
        long[] values = series.get(e.getKey());
        if (values == null) {
          values = new long[n];
          java.util.Arrays.fill(values, -1);
          series.put(e.getKey(), values);
        }
        values[i] = e.getValue();
      }
    }
    if (!series.containsKey(NativeGrowth.NON_HEAP) || hasGap(series.get(NativeGrowth.NON_HEAP))) {
      return new NativeGrowth.Verdict(
          NativeGrowth.State.INSUFFICIENT_DATA,
          0,
          0,
          1,
          null,
          0,
          liveSetGrowing,
          "the non-heap memory could not be measured at every sample",
          "");
    }
    return NativeGrowth.judge(times, series, n, nmtOn, liveSetGrowing, settings());
  }

  private static boolean hasGap(long[] values) {
    for (long v : values) {
      if (v < 0) {
        return true;
      }
    }
    return false;
  }

  private boolean liveSetGrowing(List<AttachedJvm.Reading> readings) {
    int n = readings.size();
    long[] t = new long[n];
    long[] y = new long[n];
    for (int i = 0; i < n; i++) {
      t[i] = readings.get(i).timeMillis();
      y[i] = readings.get(i).bytes();
    }
    TrendSettings d = TrendSettings.defaults();
    TrendVerdict v =
        TrendAnalysis.analyze(
            t,
            y,
            n,
            -1,
            new TrendSettings(
                duration.plus(interval),
                Duration.ZERO,
                d.maxPValue(),
                d.minGrowthBytesPerSecond(),
                d.minRelativeGrowth(),
                d.minSamples()));
    return v.leaking();
  }

  /** Problems the user can fix on the command line (exit code 2); returns the sample count. */
  private int validate() {
    if (pid <= 0) {
      throw usage("PID: " + pid + " (expected: a process id, 1 or more)");
    }
    if (duration == null) {
      return 1;
    }
    long samples = duration.toNanos() / interval.toNanos() + 1;
    if (samples < MIN_SAMPLES) {
      throw usage(
          "--for "
              + DurationText.of(duration)
              + " with --interval "
              + DurationText.of(interval)
              + " gives "
              + samples
              + " samples; the growth verdict needs "
              + MIN_SAMPLES
              + " (give a longer --for or a shorter --interval)");
    }
    if (samples > 100_000) {
      throw usage("--for / --interval: " + samples + " samples (expected: at most 100000)");
    }
    return (int) samples;
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** A duration as the user would write it: 500ms, 10s, 5m. */
  static final class DurationText {
    private DurationText() {}

    static String of(Duration d) {
      long ms = d.toMillis();
      if (ms % 60_000 == 0) {
        return ms / 60_000 + "m";
      }
      if (ms % 1000 == 0) {
        return ms / 1000 + "s";
      }
      return ms + "ms";
    }
  }
}
