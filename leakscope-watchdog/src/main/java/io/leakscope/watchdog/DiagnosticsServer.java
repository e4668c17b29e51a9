package io.leakscope.watchdog;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.leakscope.watchdog.json.JsonWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A diagnostics endpoint for one {@link Watchdog}, "pprof for the JVM", on the JDK's built-in HTTP
 * server. Everything is under {@value #PREFIX}:
 *
 * <ul>
 *   <li>{@code /debug/leakscope/} an HTML index of the endpoints;
 *   <li>{@code histogram} the class histogram of the live objects (runs a full GC), as {@code jcmd
 *       GC.class_histogram} prints it but with class names in Java-source form ({@code byte[]}, not
 *       {@code [B}; see {@link ClassHistogram#sourceName}), or with {@code ?format=json} a JSON
 *       array of {@code {className, instances, bytes}};
 *   <li>{@code threads} all threads grouped by identical stack, largest group first, as text;
 *       virtual threads too on JDK 21 and later (see {@code ThreadDumps});
 *   <li>{@code trend} JSON: the latest {@link TrendVerdict}, the live-set samples after GC, and
 *       {@code signals}: each available {@link Signal} by key with its value and, for trended ones,
 *       {@code growing}, {@code growthPerSecond}, {@code pValue} and {@code samples};
 *   <li>{@code report} a self-contained HTML page (no external URLs) with the verdict, an SVG chart
 *       of the live set and the top of the histogram (see {@code DiagnosticsReport});
 *   <li>{@code heapdump} a gzipped HPROF of the live objects, streamed. Served only when a token
 *       was given and the request carries {@code Authorization: Bearer <token>}: without the header
 *       or with another token the answer is 401; when no token was configured it is always 403.
 * </ul>
 *
 * <p><b>What pauses the service.</b> A histogram and a heap dump each run a full, stop-the-world
 * collection of the service's heap. They are rate-limited together: one at a time, and the next one
 * at least {@code pauseInterval} ({@value #DEFAULT_PAUSE_SECONDS} s by default) after the end of
 * the last; a request that comes sooner is answered 429 with {@code Retry-After} (seconds) and
 * pauses nothing. The {@code report} page then shows the last histogram taken, saying how old it
 * is. A HEAD request runs no collection. When the server is bound to an address beyond loopback
 * (another interface, or the wildcard {@code 0.0.0.0}), every endpoint that shows more than numbers
 * needs the token like {@code heapdump} (401 without it, 403 when none is configured): {@code
 * histogram} (class names) and {@code threads} (thread names and stacks, which often carry user
 * ids, URLs or queries); {@code report} shows no histogram without it. The index, {@code trend} and
 * the numbers on {@code report} stay open: they are what the metrics show.
 *
 * <p>Only GET and HEAD are allowed (405 otherwise, with {@code Allow}). An error is answered as 500
 * with one line of text, never a stack trace. Requests are bounded: a request target longer than
 * {@value #MAX_TARGET} characters is refused with 414, and a request that carries a body (none of
 * the endpoints takes one) with 413, before any work is done. Paths are matched exactly against the
 * endpoint names; nothing is read from the file system by path, so {@code ..} or encoded separators
 * can only reach 404. In a runtime without {@code jdk.management} (see {@code JdkManagement})
 * {@code histogram} and {@code heapdump} answer 503 with the reason, and {@code report} has no
 * histogram.
 *
 * <p>Exposure: the server binds exactly the address given. Use a loopback address ({@code
 * 127.0.0.1}) unless you mean to expose the trend to the network; binding another address is the
 * caller's explicit choice, and then everything but the trend's numbers (histograms, thread dumps,
 * heap dumps) needs the token.
 *
 * <p>Threads: requests are handled by at most two daemon threads named {@code leakscope-http-N}
 * with a bounded queue (when it is full the JDK's dispatcher thread runs the request itself);
 * application threads run nothing. The JDK's dispatcher thread is started from a daemon thread so
 * that it is a daemon too: an unclosed server does not keep the JVM alive. Thread-safe.
 */
public final class DiagnosticsServer implements AutoCloseable {

  /** The longest request target (path and query) accepted, in characters. */
  static final int MAX_TARGET = 2048;

  /** The path under which all endpoints live. */
  public static final String PREFIX = "/debug/leakscope/";

  /** The reason {@link #start} gives when the module {@code jdk.httpserver} is missing. */
  static final String HTTP_SERVER_MISSING =
      "module jdk.httpserver is not in this runtime: no diagnostics endpoint";

  private static final boolean HTTP_SERVER_PRESENT = JdkManagement.readable("jdk.httpserver");

  /** The default shortest time between two pauses (histograms, heap dumps), in seconds. */
  static final int DEFAULT_PAUSE_SECONDS = 10;

  private static final int THREADS = 2;
  private static final int QUEUE = 16;

  private static final String INDEX =
      """
      <main><header><h1>leakscope diagnostics</h1>\
      <p class="subtitle">pprof for the JVM: what this service holds, and whether it grows</p>\
      </header>
      <section id="endpoints"><h2>Endpoints</h2><table><tbody>
      <tr><td><a href="report">report</a></td><td>the verdict, a chart of the live set and the top\
       classes</td></tr>
      <tr><td><a href="trend">trend</a></td><td>the verdict, the live-set readings and the signals,\
       as JSON</td></tr>
      <tr><td><a href="histogram">histogram</a></td><td>class histogram of live objects (a full GC,\
       at most one every 10s with heap dumps); <a href="histogram?format=json">as JSON</a></td></tr>
      <tr><td><a href="threads">threads</a></td><td>all threads grouped by identical stack</td></tr>
      <tr><td>heapdump</td><td>gzipped HPROF of live objects (a full GC); needs <code>Authorization:\
       Bearer &lt;token&gt;</code></td></tr>
      </tbody></table></section>
      """;

  private final Watchdog watchdog;
  private final byte[] tokenDigest;
  private final HttpServer server;
  private final ThreadPoolExecutor executor;
  private final PauseLimiter pauses;
  private final boolean beyondLoopback;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** The last histogram taken, for the report page between pauses; null before the first. */
  private volatile TakenHistogram lastHistogram;

  private record TakenHistogram(List<ClassHistogram.Row> rows, long takenNanos) {}

  private DiagnosticsServer(
      Watchdog watchdog,
      String token,
      HttpServer server,
      ThreadPoolExecutor executor,
      Duration pauseInterval) {
    this.watchdog = watchdog;
    this.tokenDigest = token == null ? null : sha256("Bearer " + token);
    this.server = server;
    this.executor = executor;
    this.pauses = new PauseLimiter(pauseInterval);
    this.beyondLoopback = !server.getAddress().getAddress().isLoopbackAddress();
  }

  /**
   * Serves {@value #PREFIX} for this watchdog, bound to exactly {@code address}.
   *
   * @param watchdog not null
   * @param address not null; usually {@code new InetSocketAddress(InetAddress.getLoopbackAddress(),
   *     port)}; port 0 picks a free port (see {@link #address()})
   * @param token the bearer token that unlocks {@code heapdump}; null disables heap dumps
   * @return the running server; close it to stop
   * @throws IOException when the address cannot be bound
   * @throws IllegalArgumentException when the token is empty
   * @throws UnsupportedOperationException when the module {@code jdk.httpserver} is not in this
   *     runtime (a {@code jlink} image without it, or a modular application that does not resolve
   *     it: see the module descriptor); the message says so
   */
  public static DiagnosticsServer start(Watchdog watchdog, InetSocketAddress address, String token)
      throws IOException {
    return start(watchdog, address, token, Duration.ofSeconds(DEFAULT_PAUSE_SECONDS));
  }

  /**
   * As {@link #start(Watchdog, InetSocketAddress, String)}, with the shortest time between two
   * pauses of the service (histograms, heap dumps).
   *
   * @param pauseInterval zero or more; not null
   */
  static DiagnosticsServer start(
      Watchdog watchdog, InetSocketAddress address, String token, Duration pauseInterval)
      throws IOException {
    Objects.requireNonNull(watchdog, "watchdog");
    if (pauseInterval.isNegative()) {
      throw new IllegalArgumentException(
          "pauseInterval: " + Durations.format(pauseInterval) + " (expected: 0s+)");
    }
    Objects.requireNonNull(address, "address");
    if (token != null && token.isEmpty()) {
      throw new IllegalArgumentException("token: empty (expected: null or 1+ characters)");
    }
    if (!HTTP_SERVER_PRESENT) {
      // Checked before any com.sun.net.httpserver type is touched: that would throw
      // NoClassDefFoundError, which says far less.
      throw new UnsupportedOperationException(HTTP_SERVER_MISSING);
    }
    AtomicInteger threadNumber = new AtomicInteger();
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            r -> {
              Thread t = new Thread(r, "leakscope-http-" + threadNumber.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.CallerRunsPolicy());
    executor.allowCoreThreadTimeOut(true);
    HttpServer server;
    try {
      server = HttpServer.create(address, 0);
    } catch (IOException | RuntimeException e) {
      executor.shutdownNow();
      throw e;
    }
    DiagnosticsServer diagnostics =
        new DiagnosticsServer(watchdog, token, server, executor, pauseInterval);
    server.createContext(PREFIX, diagnostics::handle);
    server.setExecutor(executor);
    // The dispatcher thread inherits daemon status from the thread that starts the server.
    Thread starter = new Thread(server::start, "leakscope-http-start");
    starter.setDaemon(true);
    starter.start();
    try {
      starter.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      diagnostics.close();
      throw new IOException("interrupted while starting the diagnostics server", e);
    }
    return diagnostics;
  }

  /** The bound address: the real port when 0 was asked for. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** Stops serving at once and frees the port; idempotent. The watchdog is not closed. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        respond(exchange, 405, "text/plain", "method not allowed: only GET and HEAD\n");
        return;
      }
      URI uri = exchange.getRequestURI();
      if (uri.getRawPath() == null || uri.toString().length() > MAX_TARGET) {
        respond(exchange, 414, "text/plain", "request target too long or malformed\n");
        return;
      }
      if (hasBody(exchange)) {
        respond(exchange, 413, "text/plain", "request bodies are not accepted\n");
        return;
      }
      String path = uri.getPath();
      String endpoint = path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : null;
      try {
        route(exchange, endpoint == null ? "?" : endpoint, uri.getQuery());
      } catch (Exception | OutOfMemoryError e) {
        if (exchange.getResponseCode() == -1) {
          respond(exchange, 500, "text/plain", "internal error: " + oneLine(e) + "\n");
        }
        // Otherwise the body was being streamed: closing the exchange cuts it short, which the
        // client sees as a truncated response.
      }
    } finally {
      exchange.close();
    }
  }

  private void route(HttpExchange exchange, String endpoint, String query) throws Exception {
    switch (endpoint) {
      case "" -> {
        exchange
            .getResponseHeaders()
            .set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        respond(exchange, 200, "text/html", index());
      }
      case "histogram" -> histogram(exchange, query);
      case "threads" -> threads(exchange);
      case "trend" -> respond(exchange, 200, "application/json", trendJson() + "\n");
      case "report" -> report(exchange);
      case "heapdump" -> heapDump(exchange);
      default -> respond(exchange, 404, "text/plain", "not found; see " + PREFIX + "\n");
    }
  }

  /**
   * Thread names and stacks can carry secrets (user ids, URLs, queries): beyond loopback they need
   * the token, as histograms do.
   */
  private void threads(HttpExchange exchange) throws IOException {
    if (beyondLoopback && !authorized(exchange, "thread dumps beyond loopback")) {
      return;
    }
    respond(exchange, 200, "text/plain", ThreadDumps.ofThisJvm());
  }

  private void histogram(HttpExchange exchange, String query) throws Exception {
    if (beyondLoopback && !authorized(exchange, "histograms beyond loopback")) {
      return;
    }
    if (!JdkManagement.PRESENT) {
      respond(
          exchange, 503, "text/plain", "histograms unavailable: " + JdkManagement.MISSING + "\n");
      return;
    }
    boolean json = query != null && List.of(query.split("&")).contains("format=json");
    String type = json ? "application/json" : "text/plain";
    if (exchange.getRequestMethod().equals("HEAD")) {
      respond(exchange, 200, type, "");
      return;
    }
    if (!pauses.tryStart()) {
      tooSoon(exchange);
      return;
    }
    String text;
    try {
      text = ClassHistogram.text();
    } finally {
      pauses.end();
    }
    List<ClassHistogram.Row> rows = ClassHistogram.parse(text);
    lastHistogram = new TakenHistogram(rows, System.nanoTime());
    if (json) {
      List<Map<String, Object>> array = new ArrayList<>();
      for (ClassHistogram.Row row : rows) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("className", row.className());
        r.put("instances", row.instances());
        r.put("bytes", row.bytes());
        array.add(r);
      }
      respond(exchange, 200, type, JsonWriter.toJson(array) + "\n");
    } else {
      respond(exchange, 200, type, ClassHistogram.readable(text));
    }
  }

  /** The report page: a fresh histogram when a pause is allowed now, else the last one taken. */
  private void report(HttpExchange exchange) throws Exception {
    exchange
        .getResponseHeaders()
        .set(
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    if (exchange.getRequestMethod().equals("HEAD")) {
      respond(exchange, 200, "text/html", "");
      return;
    }
    List<ClassHistogram.Row> rows = List.of();
    String note;
    if (!JdkManagement.PRESENT) {
      note = "No histogram: " + JdkManagement.MISSING + ".";
    } else if (beyondLoopback && !validToken(exchange)) {
      note =
          "No histogram: this endpoint is reachable beyond loopback, so histograms need"
              + " Authorization: Bearer <token>.";
    } else if (pauses.tryStart()) {
      String text;
      try {
        text = ClassHistogram.text();
      } finally {
        pauses.end();
      }
      rows = ClassHistogram.parse(text);
      lastHistogram = new TakenHistogram(rows, System.nanoTime());
      note = "Taken now, after a full collection.";
    } else {
      TakenHistogram last = lastHistogram;
      long wait = pauses.secondsToWait();
      if (last == null) {
        note =
            "No histogram yet: a full collection ran less than "
                + pauses.intervalText()
                + " ago; reload in "
                + wait
                + " s.";
      } else {
        rows = last.rows();
        long age = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - last.takenNanos());
        note =
            "Taken "
                + age
                + " s ago: at most one full collection every "
                + pauses.intervalText()
                + "; reload in "
                + wait
                + " s for a fresh one.";
      }
    }
    respond(
        exchange,
        200,
        "text/html",
        DiagnosticsReport.html(
            watchdog.latestVerdict(),
            watchdog.liveSetSeries(),
            watchdog.trendSettings(),
            rows,
            note,
            watchdog.latestMemory()));
  }

  /** 429 with the seconds until the next pause is allowed. */
  private void tooSoon(HttpExchange exchange) throws IOException {
    long wait = pauses.secondsToWait();
    exchange.getResponseHeaders().set("Retry-After", Long.toString(wait));
    respond(
        exchange,
        429,
        "text/plain",
        (pauses.inProgress()
                ? "a full collection (histogram or heap dump) is in progress"
                : "at most one full collection (histogram or heap dump) every "
                    + pauses.intervalText())
            + "; retry in "
            + wait
            + " s\n");
  }

  /**
   * The trend: {@code state} ({@code insufficient-data}, {@code healthy} or {@code leaking}),
   * {@code basis} ({@code live-set}, or {@code upper-bound} for a healthy verdict from the old
   * generation after young collections), {@code explanation} (one sentence), {@code samples} (the
   * samples the verdict used: after the warm-up and in the window) against {@code minSamples},
   * {@code readings} (collections heard that measured the live set; several may share one sample),
   * {@code warmUpEndsMillis}, the verdict's numbers, {@code series} (every live-set sample kept,
   * warm-up included, each with {@code afterWarmUp}), {@code upperBounds} (those since the latest
   * live-set reading) and the signals.
   */
  private String trendJson() {
    TrendVerdict v = watchdog.latestVerdict();
    LiveSetSeries.Series series = watchdog.liveSetSeries();
    long warmUpEnds = watchdog.warmUpEndsMillis();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("state", v.state().key());
    json.put("leaking", v.leaking());
    json.put("basis", watchdog.latestBasis().key());
    json.put("explanation", watchdog.latestExplanation());
    json.put("samples", v.samples());
    json.put("minSamples", watchdog.minSamples());
    json.put("readings", watchdog.liveSetReadings());
    json.put("warmUpEndsMillis", warmUpEnds);
    json.put("slopeBytesPerSecond", v.slopeBytesPerSecond());
    json.put("pValue", v.pValue());
    json.put("liveBytes", v.liveBytes());
    json.put("secondsToFull", v.secondsToFull() < 0 ? null : v.secondsToFull());
    json.put("series", points(series, warmUpEnds));
    json.put("upperBounds", points(watchdog.upperBoundSeries(), warmUpEnds));
    json.put("signals", signalsJson(watchdog.latestSignals()));
    json.put("memory", memoryJson(watchdog.latestMemory()));
    return JsonWriter.toJson(json);
  }

  /**
   * The whole process's memory at the latest footprint ({@link MemoryStatus#toJson()}), or null.
   */
  static Map<String, Object> memoryJson(MemoryStatus memory) {
    return memory == null ? null : memory.toJson();
  }

  private static List<Map<String, Object>> points(LiveSetSeries.Series series, long warmUpEnds) {
    List<Map<String, Object>> points = new ArrayList<>();
    for (int i = 0; i < series.count(); i++) {
      Map<String, Object> point = new LinkedHashMap<>();
      point.put("timeMillis", series.timesMillis()[i]);
      point.put("liveBytes", series.liveBytes()[i]);
      point.put("afterWarmUp", series.timesMillis()[i] >= warmUpEnds);
      points.add(point);
    }
    return points;
  }

  /** Each sampled signal by key: its value and, when trended, the verdict. */
  static Map<String, Object> signalsJson(Signals signals) {
    Map<String, Object> json = new LinkedHashMap<>();
    for (Signal signal : Signal.values()) {
      if (signals.value(signal) < 0) {
        continue;
      }
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("value", signals.value(signal));
      if (signal.trended()) {
        s.put("growing", signals.growing(signal));
        s.put("growthPerSecond", signals.growthPerSecond(signal));
        s.put("pValue", signals.pValue(signal));
        s.put("samples", signals.samples(signal));
      }
      json.put(signal.key(), s);
    }
    return json;
  }

  /** The index: the links, then a table of the signals at the latest sample. */
  private String index() {
    Signals signals = watchdog.latestSignals();
    StringBuilder h =
        new StringBuilder(4096)
            .append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .append("<title>leakscope diagnostics</title>\n<style>\n")
            .append(DiagnosticsReport.CSS)
            .append("</style></head>\n<body>\n")
            .append(INDEX)
            .append("<section id=\"signals\"><h2>Signals</h2>\n<table><thead><tr><th>signal</th>")
            .append("<th class=\"num\">value</th><th>trend</th></tr></thead><tbody>\n");
    for (Signal signal : Signal.values()) {
      if (signals.value(signal) < 0) {
        continue;
      }
      // Buffer pools count bytes; the other signals count things.
      boolean bytes = signal.key().endsWith("Bytes") || signal.key().endsWith("Capacity");
      long value = signals.value(signal);
      h.append("<tr><td>")
          .append(signal.key())
          .append("</td><td class=\"num\">")
          .append(bytes ? DiagnosticsReport.bytes(value) : String.format(Locale.ROOT, "%,d", value))
          .append("</td><td>");
      if (signal.trended()) {
        double growth = signals.growthPerSecond(signal);
        h.append(signals.growing(signal) ? "GROWING" : "steady")
            .append(", ")
            .append(
                bytes
                    ? (growth >= 0 ? "+" : "") + DiagnosticsReport.bytes(Math.round(growth))
                    : String.format(Locale.ROOT, "%+.3g", growth))
            .append("/s");
      }
      h.append("</td></tr>\n");
    }
    return h.append("</tbody></table></section>\n</main>\n</body></html>\n").toString();
  }

  /**
   * Whether the request carries the token; otherwise answers 403 (no token configured: {@code what}
   * are disabled) or 401 and returns false.
   */
  private boolean authorized(HttpExchange exchange, String what) throws IOException {
    if (tokenDigest == null) {
      respond(exchange, 403, "text/plain", what + " are disabled: no token configured\n");
      return false;
    }
    if (!validToken(exchange)) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"leakscope\"");
      respond(exchange, 401, "text/plain", "unauthorized: send Authorization: Bearer <token>\n");
      return false;
    }
    return true;
  }

  private boolean validToken(HttpExchange exchange) {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    // Digests of equal length, compared in constant time: neither the token nor its length leaks.
    // The scheme is case-insensitive (RFC 7235); the token is not.
    return tokenDigest != null
        && authorization != null
        && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        && MessageDigest.isEqual(tokenDigest, sha256("Bearer " + authorization.substring(7)));
  }

  private void heapDump(HttpExchange exchange) throws IOException {
    if (!authorized(exchange, "heap dumps")) {
      return;
    }
    if (!JdkManagement.PRESENT) {
      respond(
          exchange, 503, "text/plain", "heap dumps unavailable: " + JdkManagement.MISSING + "\n");
      return;
    }
    if (exchange.getRequestMethod().equals("HEAD")) {
      setHeapDumpHeaders(exchange);
      exchange.sendResponseHeaders(200, -1);
      return;
    }
    if (!pauses.tryStart()) {
      tooSoon(exchange);
      return;
    }
    Path dir = null;
    boolean released = false;
    try {
      // dumpHeap refuses an existing file, so the dump goes into a fresh private directory.
      dir = Files.createTempDirectory("leakscope-heapdump-");
      Path file = dir.resolve("heap.hprof");
      ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
          .dumpHeap(file.toAbsolutePath().toString(), true);
      setHeapDumpHeaders(exchange);
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = new FastGzipOutputStream(exchange.getResponseBody());
      try (InputStream in = Files.newInputStream(file)) {
        in.transferTo(out);
      }
      // The file is removed and the slot freed before the gzip trailer and the end of the body go
      // out: a client that has read the whole dump may at once ask for the next one.
      deleteDumpDirectory(dir);
      dir = null;
      pauses.end();
      released = true;
      out.close();
    } finally {
      if (dir != null) {
        deleteDumpDirectory(dir);
      }
      if (!released) {
        pauses.end();
      }
    }
  }

  /**
   * At most one pause at a time, and the next no sooner than {@code interval} after the end of the
   * last. Thread-safe.
   */
  private static final class PauseLimiter {
    private final long intervalNanos;
    private final String intervalText;
    private boolean running;
    private boolean ranBefore;
    private long lastEndNanos;

    PauseLimiter(Duration interval) {
      this.intervalNanos = interval.toNanos();
      this.intervalText = Durations.format(interval);
    }

    /** Reserves the pause when one is allowed now; then {@link #end} must follow. */
    synchronized boolean tryStart() {
      if (running || nanosToWait() > 0) {
        return false;
      }
      running = true;
      return true;
    }

    synchronized void end() {
      running = false;
      ranBefore = true;
      lastEndNanos = System.nanoTime();
    }

    synchronized boolean inProgress() {
      return running;
    }

    /** Whole seconds until a pause may start, at least 1 (a {@code Retry-After} value). */
    synchronized long secondsToWait() {
      long nanos = running ? intervalNanos : nanosToWait();
      return Math.max(1, (nanos + 999_999_999) / 1_000_000_000);
    }

    String intervalText() {
      return intervalText;
    }

    private long nanosToWait() {
      return ranBefore ? lastEndNanos + intervalNanos - System.nanoTime() : 0;
    }
  }

  private static void deleteDumpDirectory(Path dir) throws IOException {
    Files.deleteIfExists(dir.resolve("heap.hprof"));
    Files.deleteIfExists(dir);
  }

  /** Whether the request announces a body: a non-zero length or a chunked transfer. */
  private static boolean hasBody(HttpExchange exchange) {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    String transfer = exchange.getRequestHeaders().getFirst("Transfer-Encoding");
    return (length != null && !length.strip().equals("0")) || transfer != null;
  }

  private static void setHeapDumpHeaders(HttpExchange exchange) {
    exchange.getResponseHeaders().set("Content-Type", "application/gzip");
    exchange
        .getResponseHeaders()
        .set(
            "Content-Disposition",
            "attachment; filename=\"heap-"
                + HostName.current()
                + "-"
                + EvidenceCapture.STAMP.format(Instant.now())
                + ".hprof.gz\"");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
  }

  private static String oneLine(Throwable e) {
    String text =
        e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    text = text.replaceAll("[\\r\\n\\t]+", " ");
    return text.length() > 200 ? text.substring(0, 200) : text;
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
