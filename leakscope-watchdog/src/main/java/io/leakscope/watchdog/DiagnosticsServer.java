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
 *       GC.class_histogram} prints it, or with {@code ?format=json} a JSON array of {@code
 *       {className, instances, bytes}};
 *   <li>{@code threads} all threads grouped by identical stack, largest group first, as text;
 *       virtual threads too on JDK 21 and later (see {@code ThreadDumps});
 *   <li>{@code trend} JSON: the latest {@link TrendVerdict}, the live-set samples after GC, and
 *       {@code signals}: each available {@link Signal} by key with its value and, for trended ones,
 *       {@code growing}, {@code growthPerSecond}, {@code pValue} and {@code samples};
 *   <li>{@code report} a self-contained HTML page (no external URLs) with the verdict, an SVG chart
 *       of the live set and the top of the histogram;
 *   <li>{@code heapdump} a gzipped HPROF of the live objects, streamed. Served only when a token
 *       was given and the request carries {@code Authorization: Bearer <token>}: without the header
 *       or with another token the answer is 401; when no token was configured it is always 403.
 * </ul>
 *
 * <p>Only GET and HEAD are allowed (405 otherwise, with {@code Allow}). An error is answered as 500
 * with one line of text, never a stack trace. One heap dump at a time (429 with {@code Retry-After}
 * while one runs). Requests are bounded: a request target longer than {@value #MAX_TARGET}
 * characters is refused with 414, and a request that carries a body (none of the endpoints takes
 * one) with 413, before any work is done. Paths are matched exactly against the endpoint names;
 * nothing is read from the file system by path, so {@code ..} or encoded separators can only reach
 * 404. In a runtime without {@code jdk.management} (see {@code JdkManagement}) {@code histogram}
 * and {@code heapdump} answer 503 with the reason, and {@code report} has no histogram.
 *
 * <p>Exposure: the server binds exactly the address given. Use a loopback address ({@code
 * 127.0.0.1}) unless you mean to expose histograms and thread stacks to the network; binding
 * another address is the caller's explicit choice and is not second-guessed here.
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

  private static final int THREADS = 2;
  private static final int QUEUE = 16;

  private static final String INDEX =
      """
      <!DOCTYPE html>
      <html><head><meta charset="utf-8"><title>leakscope diagnostics</title></head>
      <body><h1>leakscope diagnostics</h1><ul>
      <li><a href="histogram">histogram</a> class histogram of live objects (runs a full GC);\
       <a href="histogram?format=json">as JSON</a></li>
      <li><a href="threads">threads</a> all threads grouped by identical stack</li>
      <li><a href="trend">trend</a> live-set trend verdict and samples, and the signals (JSON)</li>
      <li><a href="report">report</a> HTML report with a chart of the live set</li>
      <li>heapdump gzipped HPROF of live objects; needs <code>Authorization: Bearer &lt;token&gt;\
      </code></li>
      </ul>
      """;

  private final Watchdog watchdog;
  private final byte[] tokenDigest;
  private final HttpServer server;
  private final ThreadPoolExecutor executor;
  private final AtomicBoolean dumping = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  private DiagnosticsServer(
      Watchdog watchdog, String token, HttpServer server, ThreadPoolExecutor executor) {
    this.watchdog = watchdog;
    this.tokenDigest = token == null ? null : sha256("Bearer " + token);
    this.server = server;
    this.executor = executor;
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
    Objects.requireNonNull(watchdog, "watchdog");
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
    DiagnosticsServer diagnostics = new DiagnosticsServer(watchdog, token, server, executor);
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
      case "" -> respond(exchange, 200, "text/html", index());
      case "histogram" -> {
        if (!JdkManagement.PRESENT) {
          respond(
              exchange,
              503,
              "text/plain",
              "histograms unavailable: " + JdkManagement.MISSING + "\n");
          return;
        }
        String text = ClassHistogram.text();
        if (query != null && List.of(query.split("&")).contains("format=json")) {
          List<Map<String, Object>> rows = new ArrayList<>();
          for (ClassHistogram.Row row : ClassHistogram.parse(text)) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("className", row.className());
            r.put("instances", row.instances());
            r.put("bytes", row.bytes());
            rows.add(r);
          }
          respond(exchange, 200, "application/json", JsonWriter.toJson(rows) + "\n");
        } else {
          respond(exchange, 200, "text/plain", text);
        }
      }
      case "threads" -> respond(exchange, 200, "text/plain", ThreadDumps.ofThisJvm());
      case "trend" -> respond(exchange, 200, "application/json", trendJson() + "\n");
      case "report" -> {
        exchange
            .getResponseHeaders()
            .set(
                "Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
        respond(
            exchange,
            200,
            "text/html",
            DiagnosticsReport.html(
                watchdog.latestVerdict(),
                watchdog.liveSetSeries(),
                JdkManagement.PRESENT ? ClassHistogram.parse(ClassHistogram.text()) : List.of()));
      }
      case "heapdump" -> heapDump(exchange);
      default -> respond(exchange, 404, "text/plain", "not found; see " + PREFIX + "\n");
    }
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
    LiveSetMonitor.Series series = watchdog.liveSetSeries();
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
    return JsonWriter.toJson(json);
  }

  private static List<Map<String, Object>> points(LiveSetMonitor.Series series, long warmUpEnds) {
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
    StringBuilder h = new StringBuilder(INDEX);
    h.append("<h2>Signals</h2>\n<table><tr><th>signal</th><th>value</th><th>trend</th></tr>\n");
    for (Signal signal : Signal.values()) {
      if (signals.value(signal) < 0) {
        continue;
      }
      h.append("<tr><td>")
          .append(signal.key())
          .append("</td><td>")
          .append(signals.value(signal))
          .append("</td><td>");
      if (signal.trended()) {
        h.append(signals.growing(signal) ? "GROWING" : "steady")
            .append(String.format(Locale.ROOT, ", %+.3g/s", signals.growthPerSecond(signal)));
      }
      h.append("</td></tr>\n");
    }
    return h.append("</table>\n</body></html>\n").toString();
  }

  private void heapDump(HttpExchange exchange) throws IOException {
    if (tokenDigest == null) {
      respond(exchange, 403, "text/plain", "heap dumps are disabled: no token configured\n");
      return;
    }
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    // Digests of equal length, compared in constant time: neither the token nor its length leaks.
    // The scheme is case-insensitive (RFC 7235); the token is not.
    if (authorization == null
        || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        || !MessageDigest.isEqual(tokenDigest, sha256("Bearer " + authorization.substring(7)))) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"leakscope\"");
      respond(exchange, 401, "text/plain", "unauthorized: send Authorization: Bearer <token>\n");
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
    if (!dumping.compareAndSet(false, true)) {
      exchange.getResponseHeaders().set("Retry-After", "30");
      respond(exchange, 429, "text/plain", "a heap dump is already in progress; retry later\n");
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
      dumping.set(false);
      released = true;
      out.close();
    } finally {
      if (dir != null) {
        deleteDumpDirectory(dir);
      }
      if (!released) {
        dumping.set(false);
      }
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
            "attachment; filename=\"heap-" + ProcessHandle.current().pid() + ".hprof.gz\"");
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
