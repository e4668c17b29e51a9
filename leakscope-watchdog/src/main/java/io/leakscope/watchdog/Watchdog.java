package io.leakscope.watchdog;

import io.leakscope.watchdog.LiveSetVerdict.Basis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Watches the live set after GC of this JVM and, when it grows like a leak, captures evidence: a
 * class histogram and a heap dump, then a second pair later so that the growth can be diffed.
 *
 * <p>Escalation, per leak episode (LEAKING verdicts until a HEALTHY one; insufficient data in
 * between neither ends nor extends it): nothing heavy while the verdict is not LEAKING; on the
 * first LEAKING verdict a histogram and a heap dump (the dump within the {@link EvidenceBudget})
 * and a {@code LEAK_SUSPECTED} event listing the files; on the first check still LEAKING at least
 * {@code minTimeBetweenDumps} after that, a second histogram and dump and a second {@code
 * LEAK_SUSPECTED} listing all files of the episode; then nothing more until the verdict turns
 * healthy and a new episode begins.
 *
 * <p>Warm-up is counted once per JVM from the watchdog's start (or from the first reading, if a
 * test fed one earlier): the samples before its end are dropped here and the analysis runs with a
 * zero warm-up, so that the ring buffer wrapping does not start a new warm-up. It used to count
 * from the first reading, which on a collector that first collects the old generation minutes after
 * the start (G1, Parallel, Serial with a quiet old generation) added the warm-up on top of that
 * wait.
 *
 * <p>States ({@link TrendVerdict.State}): insufficient data until {@code minSamples} live-set
 * samples (readings after collections of the old generation, see {@link LiveSetMonitor}) lie after
 * the warm-up and in the window, then healthy or leaking by {@link TrendAnalysis#analyze} (on ZGC
 * and Shenandoah with a higher relative threshold: see {@link LiveSetVerdict}, which also decides
 * for {@code leakscope watch}). While the live-set samples are too few, the upper bounds since the
 * latest collection of the old generation (its usage after young collections) may still show that
 * the live set is healthy ({@link TrendAnalysis#analyzeUpperBounds}; never leaking). Each change of
 * state writes a {@code VERDICT_CHANGED} event ({@code from}, {@code state}, {@code basis}: {@code
 * live-set} or {@code upper-bound}, and the numbers); {@code LEAK_SUSPECTED} carries {@code
 * "state":"leaking"}.
 *
 * <p>Resource signals ({@link Signal}: threads, classes, class loaders, buffer pools, file
 * descriptors) are sampled by the watchdog's thread during its checks (see {@link ResourceSignals})
 * and judged with the same trend; a signal that starts growing steadily writes one {@code
 * THREAD_LEAK_SUSPECTED} (threads, with a grouped thread dump as evidence) or {@code
 * RESOURCE_GROWTH} event per growth episode. They never trigger heap dumps.
 *
 * <p>Threads: the JDK's GC notification thread records samples; one daemon thread named {@value
 * #THREAD_NAME} judges, samples the signals and captures; application threads run nothing.
 * Thread-safe.
 */
public final class Watchdog implements AutoCloseable {

  /** Name of the watchdog's thread. */
  public static final String THREAD_NAME = "leakscope-watchdog";

  /**
   * Buckets per trend window: each bucket keeps one sample, the least live set in it; and the
   * resource signals' sampling interval. (Finer live-set buckets, window/120, were tried: on ZGC
   * the 8 samples came within 40 s of the warm-up, and a healthy verdict over so short a span was
   * given to a leak of 1% of the heap a minute.)
   */
  static final int BUCKETS_PER_WINDOW = LiveSetSeries.BUCKETS_PER_WINDOW;

  /**
   * Least time between two footprints of the whole process ({@link MemoryMonitor}) by default: one
   * costs about 36 ms of this thread's CPU, so every 30 s keeps it near 0.1% of a core.
   */
  static final long MEMORY_SAMPLE_MILLIS = MemorySettings.DEFAULT_INTERVAL.toMillis();

  /** Most footprints kept: 2 × a 10 minute window at one a second, a few hundred KB of longs. */
  static final int MAX_MEMORY_SAMPLES = 1216;

  private static final int EPISODE_CAPTURES = 2;

  private final WatchdogConfig config;
  private final LiveSetMonitor monitor;
  private final EvidenceCapture capture;
  private final EventLog events;
  private final ResourceSignals resources;
  private final TrendSettings settingsAfterWarmUp;
  private final Thread thread;
  private final long startedMillis;
  private volatile TrendVerdict latestVerdict = TrendVerdict.NONE;
  private volatile Basis latestBasis = Basis.LIVE_SET;
  private volatile Signals latestSignals;
  private volatile boolean closed;

  // Episode state, touched by the watchdog thread (or a test calling check()) only.
  private int episodeCaptures;
  private Instant lastCaptureAt;
  private final List<String> episodeEvidence = new ArrayList<>();
  // Per signal: a growth event was written in the current growth episode.
  private final boolean[] growthReported = new boolean[Signal.values().length];
  // The whole process's memory; null when not watched (tests of the live set alone). Set before
  // the thread starts, then sampled by the watchdog thread only; readers take its latest status.
  private volatile MemoryMonitor memory;
  // Requests for G1 concurrent cycles while readings are missing; null when not on G1 (or off).
  private volatile G1CycleRequests g1Cycles;
  // Set once the upper bounds were enough to judge and did not show a flat live set: from then on
  // G1 cycles are asked for while readings are missing. Watchdog thread only.
  private boolean boundsInconclusive;

  Watchdog(
      WatchdogConfig config, LiveSetMonitor monitor, EvidenceCapture capture, EventLog events) {
    this(config, monitor, capture, events, resourceSignals(config, new SignalProbe()));
  }

  Watchdog(
      WatchdogConfig config,
      LiveSetMonitor monitor,
      EvidenceCapture capture,
      EventLog events,
      ResourceSignals resources) {
    this.config = config;
    this.monitor = monitor;
    this.capture = capture;
    this.events = events;
    this.resources = resources;
    this.latestSignals = resources.judge(config.trend());
    TrendSettings t = config.trend();
    this.settingsAfterWarmUp =
        new TrendSettings(
            t.window(),
            Duration.ZERO,
            t.maxPValue(),
            t.minGrowthBytesPerSecond(),
            t.minRelativeGrowth(),
            t.minSamples());
    this.thread = new Thread(this::run, THREAD_NAME);
    thread.setDaemon(true);
    this.startedMillis = config.clock().millis();
  }

  /**
   * Starts watching: creates the evidence directory, subscribes to GC notifications, writes {@code
   * WATCHDOG_STARTED} and starts the daemon thread.
   *
   * @param config not null
   * @return the running watchdog; close it to stop
   * @throws IOException when the evidence directory or the event log cannot be created
   */
  public static Watchdog start(WatchdogConfig config) throws IOException {
    Objects.requireNonNull(config, "config");
    Path dir = Files.createDirectories(config.evidenceDir());
    EventLog events = new EventLog(dir, config.clock());
    LiveSetMonitor monitor;
    try {
      monitor = new LiveSetMonitor(LiveSetSeries.forWindow(config.trend().window()), true);
    } catch (RuntimeException | LinkageError e) {
      events.close();
      throw e;
    }
    Watchdog watchdog =
        new Watchdog(
            config, monitor, new EvidenceCapture(dir, config.budget(), config.clock()), events);
    watchdog.g1Cycles =
        G1CycleRequests.forThisJvm(config.g1CycleEvery().toMillis(), monitor.hearsG1CycleEnds());
    MemorySettings m = config.memory();
    long memoryMillis = Math.max(m.interval().toMillis(), config.checkInterval().toMillis());
    watchdog.watchMemory(
        new MemoryMonitor(
            MemoryMonitor.thisJvm(),
            memoryCapacity(m.nativeGrowth().window().toMillis(), memoryMillis),
            memoryMillis,
            m.nearLimitShare()));
    try {
      watchdog.logStarted();
    } catch (RuntimeException e) {
      monitor.close();
      if (watchdog.g1Cycles != null) {
        watchdog.g1Cycles.close();
      }
      events.close();
      throw e;
    }
    watchdog.thread.start();
    return watchdog;
  }

  /**
   * The verdict of the latest check: {@link TrendVerdict.State#INSUFFICIENT_DATA} until enough
   * readings after the warm-up exist ({@link TrendVerdict#NONE} before the first check).
   */
  public TrendVerdict latestVerdict() {
    return latestVerdict;
  }

  /**
   * How many live-set readings were heard since the start: collections of the old generation whose
   * result measured it (several may share one sample of the series).
   */
  public long liveSetReadings() {
    return monitor.readingCount();
  }

  /** What the latest verdict rests on. */
  Basis latestBasis() {
    return latestBasis;
  }

  /** How many samples a verdict needs. */
  int minSamples() {
    return config.trend().minSamples();
  }

  /** When the warm-up ends (epoch milliseconds): samples before it are not judged. */
  long warmUpEndsMillis() {
    long first = monitor.firstTimeMillis();
    long from = first == Long.MIN_VALUE ? startedMillis : Math.min(startedMillis, first);
    return from + config.trend().warmUp().toMillis();
  }

  /** The upper bounds of the live set kept since the latest live-set reading; a copy. */
  LiveSetSeries.Series upperBoundSeries() {
    return monitor.bounds();
  }

  /**
   * One sentence on the latest verdict: what it rests on or, while there is not enough data, what
   * is missing, e.g. {@code "3 of 8 samples after the warm-up; …"}.
   */
  public String latestExplanation() {
    TrendVerdict v = latestVerdict;
    int min = config.trend().minSamples();
    return switch (v.state()) {
      case LEAKING -> v.samples() + " live-set samples grow steadily";
      case HEALTHY ->
          latestBasis == Basis.LIVE_SET
              ? v.samples() + " live-set samples show no steady growth"
              : v.samples()
                  + " upper bounds (old generation after young collections) show no steady"
                  + " growth; no collection of the old generation since the latest";
      case INSUFFICIENT_DATA ->
          v.samples()
              + " of "
              + min
              + " live-set samples after the warm-up ("
              + monitor.readingCount()
              + " readings heard); a reading comes after each collection of the old generation"
              + g1CyclesExplained()
              + (monitor.bounds().count() > 0
                  ? "; the old generation grows after young collections, which may be garbage"
                      + " promoted since the latest one"
                  : "");
    };
  }

  private String g1CyclesExplained() {
    G1CycleRequests cycles = g1Cycles;
    if (cycles == null || cycles.requests() == 0) {
      return "";
    }
    return "; G1 concurrent cycles requested: "
        + cycles.requests()
        + ", started: "
        + cycles.cycles()
        + " (at most one per "
        + Durations.format(config.g1CycleEvery())
        + ")";
  }

  /**
   * The resource signals (threads, classes, class loaders, buffer pools, file descriptors) at the
   * latest sample, with the verdicts of the trended ones. Before the first sample, the signals this
   * JVM offers are available with the value -1.
   */
  public Signals latestSignals() {
    return latestSignals;
  }

  /**
   * The whole process's memory at the latest footprint (taken at most every 30 s by default, see
   * {@link MemorySettings}): resident memory, the container's limit and working set, the JVM's
   * figures, NMT's categories when it is on, and the fit and native-growth verdicts. Null before
   * the first footprint, and for a watchdog that does not watch the process's memory.
   */
  public MemoryStatus latestMemory() {
    MemoryMonitor m = memory;
    return m == null ? null : m.latestStatus();
  }

  /** The live-set samples after GC kept so far, oldest first, including warm-up; a copy. */
  LiveSetSeries.Series liveSetSeries() {
    return monitor.sample();
  }

  /** The trend settings the verdicts are judged with (window, warm-up, samples needed). */
  TrendSettings trendSettings() {
    return config.trend();
  }

  /**
   * What this watchdog cannot do in this runtime, one sentence each; empty on a full JDK. Written
   * once, in {@code WATCHDOG_STARTED} ({@code "limitations"}); the agent prints them once at start.
   */
  public List<String> limitations() {
    if (JdkManagement.PRESENT) {
      return List.of();
    }
    return List.of(
        JdkManagement.MISSING
            + ": no heap dumps, class histograms, class-loader or file-descriptor counts;"
            + " the live set is polled at each check instead of heard from GC notifications");
  }

  /** The evidence directory. */
  public Path evidenceDir() {
    return config.evidenceDir();
  }

  /**
   * Stops the thread (waiting for a capture in progress to finish), removes the GC listeners and
   * closes the event log. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    thread.interrupt();
    if (Thread.currentThread() != thread && thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    monitor.close();
    if (g1Cycles != null) {
      g1Cycles.close();
    }
    try {
      events.append(EventLog.Type.WATCHDOG_STOPPED, Map.of());
      events.close();
    } catch (IOException | UncheckedIOException ignored) {
      // Nothing left to report it to; the host application must not fail because of us.
    }
  }

  private void run() {
    long intervalMillis = Math.max(1, config.checkInterval().toMillis());
    while (!closed) {
      try {
        Thread.sleep(intervalMillis);
      } catch (InterruptedException e) {
        return;
      }
      try {
        check();
      } catch (RuntimeException e) {
        try {
          events.append(EventLog.Type.CHECK_FAILED, Map.of("error", e.toString()));
        } catch (UncheckedIOException ignored) {
          // The event log itself is failing; keep watching, the next check may succeed.
        }
      }
    }
  }

  /**
   * Rings of {@code 2 * BUCKETS_PER_WINDOW + 16} samples, one each check interval or each window /
   * {@code BUCKETS_PER_WINDOW}, whichever is longer: a window holds at most as many samples as the
   * live-set ring.
   */
  static ResourceSignals resourceSignals(WatchdogConfig config, SignalProbe probe) {
    long windowMillis = Math.max(1, config.trend().window().toMillis());
    long interval = Math.max(config.checkInterval().toMillis(), windowMillis / BUCKETS_PER_WINDOW);
    return new ResourceSignals(probe, 2 * BUCKETS_PER_WINDOW + 16, Math.max(1, interval));
  }

  /** Uses {@code requests} for G1's cycles instead of this JVM's flag; for tests. */
  void useG1Cycles(G1CycleRequests requests) {
    g1Cycles = requests;
  }

  /**
   * One check: judge the live set and escalate, then sample and judge the resource signals.
   * Package-private for tests with a fake clock.
   */
  void check() {
    checkLiveSet();
    checkSignals();
    checkMemory();
  }

  /**
   * Footprints kept: two native-growth windows (so that the verdict always sees a whole one) plus
   * some, at least as many as the live set keeps, at most {@value #MAX_MEMORY_SAMPLES}.
   */
  static int memoryCapacity(long windowMillis, long intervalMillis) {
    long perWindow = windowMillis / Math.max(1, intervalMillis) + 1;
    return (int)
        Math.min(MAX_MEMORY_SAMPLES, Math.max(2 * BUCKETS_PER_WINDOW + 16, 2 * perWindow + 16));
  }

  /** Watches the whole process's memory too; before {@link #check} runs, on the caller's thread. */
  void watchMemory(MemoryMonitor monitor) {
    this.memory = monitor;
  }

  /**
   * The whole process's memory: {@code MEMORY_DOES_NOT_FIT}, {@code NATIVE_GROWTH} and, when the
   * container's working set passes its share of the limit ({@link MemorySettings}), {@code
   * MEMORY_NEAR_LIMIT} with what a post-mortem needs written while the JVM still lives (a class
   * histogram, the grouped thread dump, a heap dump when the budget allows; the NMT summary and its
   * growth since the start are in the event). Each once per episode (see {@link MemoryMonitor}).
   */
  private void checkMemory() {
    if (memory == null) {
      return;
    }
    for (MemoryMonitor.Finding f :
        memory.check(
            config.clock().millis(), latestVerdict.leaking(), config.memory().nativeGrowth())) {
      Map<String, Object> fields = new LinkedHashMap<>(f.fields());
      EventLog.Type type =
          switch (f.kind()) {
            case DOES_NOT_FIT -> EventLog.Type.MEMORY_DOES_NOT_FIT;
            case NATIVE_GROWTH -> EventLog.Type.NATIVE_GROWTH;
            case NEAR_LIMIT -> EventLog.Type.MEMORY_NEAR_LIMIT;
          };
      if (f.kind() == MemoryMonitor.Kind.NEAR_LIMIT) {
        List<String> evidence = new ArrayList<>();
        collect(capture.captureHistogram(), "histogram", evidence);
        collect(capture.captureThreadDump(), "thread dump", evidence);
        collect(capture.captureHeapDump(config.clock().instant()), "heap dump", evidence);
        fields.put("evidence", evidence);
      }
      events.append(type, fields);
    }
  }

  /** Adds a captured file's name to {@code evidence}, or writes why it was skipped. */
  private void collect(EvidenceCapture.Outcome outcome, String what, List<String> evidence) {
    if (outcome instanceof EvidenceCapture.Captured captured) {
      evidence.add(captured.file().getFileName().toString());
    } else if (outcome instanceof EvidenceCapture.Skipped skipped) {
      events.append(
          EventLog.Type.CAPTURE_SKIPPED, fieldsOf("what", what, "reason", skipped.reason()));
    }
  }

  private void checkSignals() {
    if (!resources.sampleIfDue(config.clock().millis())) {
      return;
    }
    Signals signals = resources.judge(config.trend());
    latestSignals = signals;
    for (Signal signal : Signal.values()) {
      if (!signals.growing(signal)) {
        growthReported[signal.ordinal()] = false;
      } else if (!growthReported[signal.ordinal()]) {
        growthReported[signal.ordinal()] = true;
        reportGrowth(signal, signals);
      }
    }
  }

  /**
   * Once per growth episode of a signal: {@code THREAD_LEAK_SUSPECTED} with a grouped thread dump
   * for threads, {@code RESOURCE_GROWTH} for the others.
   */
  private void reportGrowth(Signal signal, Signals signals) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("signal", signal.key());
    fields.put("value", signals.value(signal));
    fields.put("growthPerSecond", signals.growthPerSecond(signal));
    fields.put("pValue", signals.pValue(signal));
    fields.put("samples", signals.samples(signal));
    if (signal == Signal.THREADS) {
      List<String> evidence = new ArrayList<>();
      collect(capture.captureThreadDump(), "thread dump", evidence);
      fields.put("evidence", evidence);
      events.append(EventLog.Type.THREAD_LEAK_SUSPECTED, fields);
    } else {
      events.append(EventLog.Type.RESOURCE_GROWTH, fields);
    }
  }

  private void checkLiveSet() {
    monitor.poll(config.clock().millis());
    long warmUpEnds = warmUpEndsMillis();
    LiveSetSeries.Series series = afterWarmUp(monitor.sample(), warmUpEnds);
    LiveSetSeries.Series bounds = afterWarmUp(monitor.bounds(), warmUpEnds);
    LiveSetVerdict.Judged judged =
        LiveSetVerdict.judge(
            series.timesMillis(),
            series.liveBytes(),
            series.count(),
            bounds.timesMillis(),
            bounds.liveBytes(),
            bounds.count(),
            monitor.maxBytes(),
            settingsAfterWarmUp,
            monitor.readingsHoldGarbage(
                config.clock().millis() - config.trend().window().toMillis()));
    TrendVerdict verdict = judged.verdict();
    Basis basis = judged.basis();
    requestG1Cycle(verdict, warmUpEnds, bounds);
    TrendVerdict previous = latestVerdict;
    latestBasis = basis;
    latestVerdict = verdict;
    if (verdict.state() != previous.state()) {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("from", previous.state().key());
      fields.put("state", verdict.state().key());
      fields.put("basis", basis.key());
      putEvidence(fields, verdict);
      fields.put("readings", monitor.readingCount());
      events.append(EventLog.Type.VERDICT_CHANGED, fields);
    }
    if (verdict.state() == TrendVerdict.State.HEALTHY) {
      episodeCaptures = 0;
      lastCaptureAt = null;
      episodeEvidence.clear();
      return;
    }
    if (!verdict.leaking()) {
      // Insufficient data between two leaking verdicts does not end the episode: no new dumps.
      return;
    }
    if (episodeCaptures >= EPISODE_CAPTURES) {
      return;
    }
    Instant now = config.clock().instant();
    if (lastCaptureAt != null
        && Duration.between(lastCaptureAt, now).compareTo(config.budget().minTimeBetweenDumps())
            < 0) {
      return;
    }
    episodeCaptures++;
    lastCaptureAt = now;
    captureEvidence(now);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("state", verdict.state().key());
    putEvidence(fields, verdict);
    fields.put("capture", episodeCaptures);
    fields.put("evidence", List.copyOf(episodeEvidence));
    events.append(EventLog.Type.LEAK_SUSPECTED, fields);
  }

  /**
   * On G1, asks for a concurrent cycle while the verdict lacks data after the warm-up and the upper
   * bounds, once they were enough to judge, did not prove the live set healthy (see {@link
   * G1CycleRequests}); says so once, with {@code G1_CYCLES_REQUESTED}. A service whose heap after
   * young collections stays flat gets its healthy verdict from those bounds without a single
   * marking; asking at the warm-up's end instead gave such a service on JDK 17 its verdict at 9.2
   * minutes instead of 3.9, from the readings of a cycle a minute.
   */
  private void requestG1Cycle(TrendVerdict verdict, long warmUpEnds, LiveSetSeries.Series bounds) {
    G1CycleRequests cycles = g1Cycles;
    if (cycles == null) {
      return;
    }
    long now = config.clock().millis();
    boolean insufficient =
        verdict.state() == TrendVerdict.State.INSUFFICIENT_DATA && now >= warmUpEnds;
    if (insufficient && !boundsInconclusive && bounds.count() >= config.trend().minSamples()) {
      // enough bounds to judge, and they do not show a flat live set: only a marking can tell
      boundsInconclusive =
          TrendAnalysis.analyzeUpperBounds(
                      bounds.timesMillis(),
                      bounds.liveBytes(),
                      bounds.count(),
                      monitor.maxBytes(),
                      settingsAfterWarmUp)
                  .state()
              != TrendVerdict.State.HEALTHY;
    }
    boolean wanted = insufficient && boundsInconclusive;
    if (cycles.onCheck(now, wanted)) {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("every", Durations.format(config.g1CycleEvery()));
      fields.put("flag", G1CycleRequests.FLAG);
      fields.put(
          "reason",
          "no collection of the old generation has measured the live set since the warm-up; G1"
              + " starts a concurrent cycle after 100 ms without a collection, then the"
              + " flag goes back to 0");
      events.append(EventLog.Type.G1_CYCLES_REQUESTED, fields);
    }
  }

  /** The numbers a verdict rests on, in the order events list them. */
  private static void putEvidence(Map<String, Object> fields, TrendVerdict verdict) {
    fields.put("growthBytesPerSecond", verdict.slopeBytesPerSecond());
    fields.put("pValue", verdict.pValue());
    fields.put("liveBytes", verdict.liveBytes());
    fields.put("secondsToFull", verdict.secondsToFull() < 0 ? null : verdict.secondsToFull());
    fields.put("samples", verdict.samples());
  }

  /** The samples of a series from {@code warmUpEnds} on. */
  private static LiveSetSeries.Series afterWarmUp(LiveSetSeries.Series series, long warmUpEnds) {
    int from = 0;
    while (from < series.count() && series.timesMillis()[from] < warmUpEnds) {
      from++;
    }
    return new LiveSetSeries.Series(
        Arrays.copyOfRange(series.timesMillis(), from, series.count()),
        Arrays.copyOfRange(series.liveBytes(), from, series.count()));
  }

  private void captureEvidence(Instant now) {
    EvidenceCapture.Outcome histogram = capture.captureHistogram();
    report(histogram, EventLog.Type.HISTOGRAM_CAPTURED, "histogram");
    EvidenceCapture.Outcome dump = capture.captureHeapDump(now);
    report(dump, EventLog.Type.HEAP_DUMP_CAPTURED, "heap dump");
  }

  private void report(EvidenceCapture.Outcome outcome, EventLog.Type type, String what) {
    if (outcome instanceof EvidenceCapture.Captured captured) {
      String name = captured.file().getFileName().toString();
      episodeEvidence.add(name);
      events.append(type, fieldsOf("file", name, "bytes", captured.bytes()));
    } else if (outcome instanceof EvidenceCapture.Skipped skipped) {
      events.append(
          EventLog.Type.CAPTURE_SKIPPED, fieldsOf("what", what, "reason", skipped.reason()));
    }
  }

  private void logStarted() {
    List<String> collectors = new ArrayList<>();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      collectors.add(gc.getName());
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("pid", ProcessHandle.current().pid());
    fields.put("javaVersion", Runtime.version().toString());
    fields.put("collectors", collectors);
    fields.put("pools", monitor.poolNames());
    fields.put("maxBytes", monitor.maxBytes());
    fields.put("bucketMillis", monitor.bucketMillis());
    fields.put("window", Durations.format(config.trend().window()));
    fields.put("warmUp", Durations.format(config.trend().warmUp()));
    fields.put("checkInterval", Durations.format(config.checkInterval()));
    fields.put("g1CycleEvery", g1Cycles == null ? "off" : Durations.format(config.g1CycleEvery()));
    fields.put("maxDumps", config.budget().maxDumps());
    fields.put("maxDiskBytes", config.budget().maxDiskBytes());
    fields.put("minFreeDiskBytes", config.budget().minFreeDiskBytes());
    fields.put("minTimeBetweenDumps", Durations.format(config.budget().minTimeBetweenDumps()));
    fields.put("signalSampleMillis", resources.sampleIntervalMillis());
    Map<String, String> unavailable = new LinkedHashMap<>();
    resources.unavailable().forEach((signal, reason) -> unavailable.put(signal.key(), reason));
    fields.put("signalsUnavailable", unavailable);
    fields.put("limitations", limitations());
    events.append(EventLog.Type.WATCHDOG_STARTED, fields);
  }

  private static Map<String, Object> fieldsOf(String k1, Object v1, String k2, Object v2) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(k1, v1);
    fields.put(k2, v2);
    return fields;
  }
}
