package io.leakscope.cli;

import io.leakscope.analysis.AnalysisOptions;
import io.leakscope.analysis.report.AnalysisReport;
import io.leakscope.analysis.report.HtmlReportWriter;
import io.leakscope.analysis.report.TextReportWriter;
import io.leakscope.demo.DemoService;
import io.leakscope.demo.Leak;
import io.leakscope.demo.LoadGenerator;
import io.leakscope.hprof.ProgressListener;
import io.leakscope.watchdog.json.JsonWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code leakscope demo}: the whole loop in about a minute. Starts the demo service with one leak
 * and the agent in a child JVM, drives load at it from this process, follows the watchdog's {@code
 * events.jsonl} until it has suspected the leak and taken two heap dumps, stops the service, then
 * analyzes the newest dump with the older one as baseline here (never in the service) and prints
 * the suspects and writes the HTML report.
 *
 * <p>The child runs with short watchdog settings ({@value #AGENT_SETTINGS}) and the serial
 * collector on a heap that follows the live set closely ({@value #CHILD_JVM_OPTIONS}): the watchdog
 * only takes a sample after a collection of the old generation, and with these settings one comes
 * every second or two under the demo's load. The child is stopped on every path, Ctrl-C included (a
 * shutdown hook).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Shows the whole loop in about a minute: starts a small HTTP service with a classic leak and"
          + " the leakscope agent, sends it load, waits until the watchdog suspects the leak and"
          + " has taken two heap dumps, then analyzes them and names the field that leaks.",
      "With --leak native the service leaks memory outside the heap instead: the demo then"
          + " measures its whole footprint (as leakscope memory does) and names what grows.",
      "Progress goes to standard error; the leak suspects and the path of the HTML report to"
          + " standard output.",
    },
    footer = {
      "",
      "Exit codes: 0 the leak was found and analyzed, 1 failure or not detected, 2 usage"
          + " error."
    })
final class DemoCommand implements Callable<Integer> {

  static final String AGENT_SETTINGS =
      "window=20s,warmup=4s,check=1s,maxDumps=2,minDumpInterval=10s,minFreeDisk=256m";
  static final String CHILD_JVM_OPTIONS =
      "-XX:+UseSerialGC -Xms8m -Xmx256m -XX:MinHeapFreeRatio=5 -XX:MaxHeapFreeRatio=10"
          + " -Dsun.net.httpserver.nodelay=true";

  /** Native Memory Tracking for the native leak, so that the verdict names the category. */
  static final String NATIVE_JVM_OPTION = "-XX:NativeMemoryTracking=summary";

  private static final Duration NATIVE_SAMPLING = Duration.ofSeconds(15);
  private static final Duration NATIVE_INTERVAL = Duration.ofSeconds(1);
  private static final Duration NATIVE_WARM_UP = Duration.ofSeconds(5);
  private static final int STEPS = 5;
  private static final int WORKERS = 4;
  private static final DateTimeFormatter DIR_STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

  @Option(
      names = "--leak",
      paramLabel = "KIND",
      defaultValue = "cache",
      completionCandidates = LeakNames.class,
      description = "The leak to run: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  String leak;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description =
          "Evidence directory, new or empty (default: a new leakscope-demo-<time> in the current"
              + " directory). Holds events.jsonl, histograms, heap dumps, service.log and"
              + " report.html.")
  Path dir;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "120s",
      converter = DurationConverter.class,
      description =
          "How long to wait for the watchdog to suspect the leak and take its dumps (default:"
              + " ${DEFAULT-VALUE}).")
  Duration timeout;

  @Spec CommandSpec spec;

  private final Analyzer analyzer;

  DemoCommand(Analyzer analyzer) {
    this.analyzer = analyzer;
  }

  /** The leak names, for help and completion. */
  static final class LeakNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Leak.optionValues().iterator();
    }
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    Leak kind = validLeak();
    if (timeout.isNegative() || timeout.isZero()) {
      throw usage("--timeout: " + timeout.toSeconds() + "s (expected: more than 0)");
    }
    Path evidence = evidenceDir();
    long started = System.nanoTime();
    PrintWriter err = spec.commandLine().getErr();
    AtomicReference<DemoChild> child = new AtomicReference<>();
    AtomicReference<LoadGenerator> load = new AtomicReference<>();
    Thread cleanup = new Thread(() -> stop(load.get(), child.get()), "leakscope-demo-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    List<Path> dumps;
    try {
      step(
          1,
          "starting the demo service (leak "
              + kind.optionValue()
              + ": "
              + kind.description()
              + ") with the leakscope agent…");
      err.println("      evidence directory: " + evidence);
      child.set(DemoChild.launch(childCommand(kind, evidence), evidence.resolve("service.log")));
      String url = child.get().awaitUrl(Duration.ofSeconds(30));
      err.println("      service: " + url + " (pid " + child.get().pid() + ")");

      int rate = kind == Leak.THREAD_PER_REQUEST ? 200 : 500;
      step(2, "sending load: " + WORKERS + " workers, up to " + rate + " requests/s…");
      load.set(
          new LoadGenerator(new LoadGenerator.Settings(URI.create(url), WORKERS, null, 0, rate)));
      Thread loadThread = new Thread(runLoad(load.get()), "leakscope-demo-load");
      loadThread.setDaemon(true);
      loadThread.start();

      if (kind == Leak.NATIVE) {
        MemorySample memory = measureMemory(child.get());
        step(
            4,
            "stopping the demo service ("
                + String.format(Locale.ROOT, "%,d", load.get().completed())
                + " requests served)…");
        stop(load.get(), child.get());
        return nativeVerdict(memory, evidence, started);
      }
      step(
          3,
          "waiting for the watchdog to suspect a leak and take two heap dumps (events in "
              + evidence.resolve("events.jsonl")
              + ")…");
      dumps =
          new EvidenceWatch(new EventLogTail(evidence.resolve("events.jsonl")), err, started)
              .awaitDumps(2, timeout, child.get(), load.get());
      step(
          4,
          "stopping the demo service ("
              + String.format(Locale.ROOT, "%,d", load.get().completed())
              + " requests served)…");
    } finally {
      stop(load.get(), child.get());
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or has run
      }
    }
    if (dumps.isEmpty()) {
      throw new CommandFailure(
          Main.EXIT_FAILURE,
          "the watchdog did not suspect a leak within "
              + timeout.toSeconds()
              + " s; see its events"
              + " in "
              + evidence.resolve("events.jsonl")
              + " and the service's output in "
              + evidence.resolve("service.log"),
          null);
    }
    analyze(dumps, evidence, started);
    return Main.EXIT_OK;
  }

  /**
   * The native leak's step 3: what {@code leakscope memory PID --for 15s --interval 1s} does, on
   * the service under load. The watchdog in the service samples the whole process only every 30 s
   * and judges native growth over 10 minutes, too slow for a demo; the heap verdict it keeps giving
   * is shown at the end.
   */
  private MemorySample measureMemory(DemoChild child) throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    step(
        3,
        "measuring the service's whole memory for "
            + NATIVE_SAMPLING.toSeconds()
            + " s, as leakscope memory "
            + child.pid()
            + " --for "
            + NATIVE_SAMPLING.toSeconds()
            + "s --interval "
            + NATIVE_INTERVAL.toSeconds()
            + "s does…");
    try (AttachedJvm jvm = AttachedJvm.attach(child.pid())) {
      return MemoryCommand.measure(jvm, NATIVE_SAMPLING, NATIVE_INTERVAL, NATIVE_WARM_UP, err);
    }
  }

  /**
   * The native leak's end: the memory screen on stdout, and whether the watchdog in the service
   * suspected a heap leak meanwhile (it should not: the heap is not what grows). Exit 0 when native
   * growth was found.
   */
  private int nativeVerdict(MemorySample memory, Path evidence, long started) throws IOException {
    step(5, "judging the footprint…");
    PrintWriter out = spec.commandLine().getOut();
    MemoryScreen.render(memory).forEach(out::println);
    Path events = evidence.resolve("events.jsonl");
    long heapSuspicions = 0;
    if (Files.isRegularFile(events)) {
      try (Stream<String> lines = Files.lines(events)) {
        heapSuspicions = lines.filter(l -> l.contains("\"type\":\"LEAK_SUSPECTED\"")).count();
      }
    }
    out.println();
    out.println(
        heapSuspicions == 0
            ? "Heap:        the watchdog in the service suspected no heap leak (" + events + ")"
            : "Heap:        the watchdog in the service suspected a heap leak "
                + heapSuspicions
                + " time(s) ("
                + events
                + ")");
    out.println("Evidence:    " + evidence);
    out.flush();
    PrintWriter err = spec.commandLine().getErr();
    err.println("leakscope demo: done in " + (System.nanoTime() - started) / 1_000_000_000L + " s");
    if (memory.growth() == null || !memory.growth().growing()) {
      throw new CommandFailure(
          Main.EXIT_FAILURE,
          "no native growth found in "
              + NATIVE_SAMPLING.toSeconds()
              + " s of samples; see the service's output in "
              + evidence.resolve("service.log"),
          null);
    }
    return Main.EXIT_OK;
  }

  private Runnable runLoad(LoadGenerator generator) {
    return () -> {
      try {
        generator.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  private void analyze(List<Path> dumps, Path evidence, long started) throws IOException {
    Path newest = dumps.get(dumps.size() - 1);
    List<Path> baselines = dumps.subList(0, dumps.size() - 1);
    step(
        5,
        "analyzing "
            + newest.getFileName()
            + (baselines.isEmpty()
                ? " (no baseline)"
                : " with "
                    + String.join(
                        ", ", baselines.stream().map(p -> p.getFileName().toString()).toList())
                    + " as baseline")
            + "…");
    PrintWriter err = spec.commandLine().getErr();
    ProgressBar bar = Terminal.isInteractive() ? new ProgressBar(err) : null;
    AnalysisReport report =
        AnalysisFailures.run(
            () ->
                analyzer.analyze(
                    newest,
                    new AnalysisOptions(20, baselines),
                    bar == null ? ProgressListener.NONE : bar),
            e -> "bad heap dump " + newest + ": " + e.getMessage(),
            "analyzing " + newest,
            bar);
    Path html = evidence.resolve("report.html");
    AtomicFileWriter.write(html, w -> new HtmlReportWriter().write(report, w));
    PrintWriter out = spec.commandLine().getOut();
    StringWriter suspects = new StringWriter();
    new TextReportWriter().writeSuspects(report, suspects);
    out.print(suspects.toString().isEmpty() ? "No leak suspects found.\n\n" : suspects);
    out.println("HTML report: " + html);
    out.println("Evidence:    " + evidence);
    out.flush();
    err.println("leakscope demo: done in " + (System.nanoTime() - started) / 1_000_000_000L + " s");
  }

  private List<String> childCommand(Leak kind, Path evidence) throws IOException {
    Path agent = evidence.resolve("leakscope-agent.jar");
    try (InputStream in = DemoCommand.class.getResourceAsStream("leakscope-agent.jar")) {
      if (in == null) {
        throw new CommandFailure(
            Main.EXIT_FAILURE,
            "this build of leakscope has no agent jar"
                + " inside; rebuild it with: mvn -B -DskipTests -pl leakscope-cli -am package",
            null);
      }
      Files.copy(in, agent, StandardCopyOption.REPLACE_EXISTING);
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(CHILD_JVM_OPTIONS.split(" ")));
    if (kind == Leak.NATIVE) {
      command.add(NATIVE_JVM_OPTION);
    }
    command.add("-javaagent:" + agent + "=dir=" + evidence + "," + AGENT_SETTINGS);
    command.add("-cp");
    // leakscope.jar when run by the launcher; in a build, the demo's and the watchdog's classes
    // (the demo writes its JSON with the watchdog's JsonWriter)
    Path demo = classPathOf(DemoService.class);
    Path watchdog = classPathOf(JsonWriter.class);
    command.add(demo.equals(watchdog) ? demo.toString() : demo + File.pathSeparator + watchdog);
    command.add(DemoService.class.getName());
    command.addAll(List.of("--port", "0", "--leak", kind.optionValue()));
    return command;
  }

  /** The jar or directory the class was loaded from: leakscope.jar when run by the launcher. */
  private static Path classPathOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | RuntimeException e) {
      throw new CommandFailure(
          Main.EXIT_FAILURE, "cannot tell where " + type.getName() + " was loaded from: " + e, e);
    }
  }

  private Leak validLeak() {
    try {
      return Leak.parse(leak);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  private Path evidenceDir() throws IOException {
    Path d =
        (dir != null
                ? dir
                : Path.of(
                    "leakscope-demo-"
                        + LocalDateTime.now(ZoneId.systemDefault()).format(DIR_STAMP)))
            .toAbsolutePath();
    // The agent's options are comma-separated, so the directory cannot hold a comma.
    if (d.toString().contains(",")) {
      throw usage("--dir: " + d + " contains a comma, which the agent's options cannot carry");
    }
    if (Files.exists(d) && !Files.isDirectory(d)) {
      throw usage("--dir: " + d + " is not a directory");
    }
    if (Files.isDirectory(d)) {
      try (Stream<Path> entries = Files.list(d)) {
        if (entries.findAny().isPresent()) {
          throw usage("--dir: " + d + " is not empty (expected a new or empty directory)");
        }
      }
    }
    return Files.createDirectories(d);
  }

  private void step(int n, String what) {
    spec.commandLine().getErr().println("[" + n + "/" + STEPS + "] " + what);
  }

  private static void stop(LoadGenerator load, DemoChild child) {
    if (load != null) {
      load.stop();
    }
    if (child != null) {
      child.close();
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
