package io.leakscope.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.leakscope.watchdog.json.JsonWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small quote service on the JDK's {@link HttpServer}, bound to the loopback address, with one of
 * the classic leaks switched on ({@link Leak}).
 *
 * <p>{@code GET /quote?symbol=SYM42&customer=c17} looks the product up in the {@link Catalog},
 * computes a price from a short price history and answers a line of JSON; {@code GET /health}
 * answers {@code ok}. Requests run on a fixed pool of threads named {@code demo-http-N}, which is
 * what lets the {@code threadlocal} leak keep its values.
 *
 * <p>Run it: {@code java -cp leakscope.jar io.leakscope.demo.DemoService --port 8080 --leak=cache};
 * it prints {@value #LISTENING} followed by its address and runs until the process is stopped. The
 * leak can also be chosen with {@code -Dleakscope.demo.leak=NAME}.
 */
public final class DemoService implements AutoCloseable {

  /** The start of the line printed once the service listens; the URL follows it. */
  public static final String LISTENING = "leakscope-demo listening on ";

  private static final int HISTORY = 96;

  /** The JDK HttpServer's switch for TCP_NODELAY on its connections (read once, at first use). */
  private static final String NODELAY = "sun.net.httpserver.nodelay";

  private final HttpServer server;
  private final ExecutorService executor;
  private final Leak leak;
  private final AtomicLong requests = new AtomicLong();

  private DemoService(HttpServer server, ExecutorService executor, Leak leak) {
    this.server = server;
    this.executor = executor;
    this.leak = leak;
  }

  /**
   * Starts the service on {@code 127.0.0.1}.
   *
   * @param leak which leak to run with
   * @param port the port, 0 for any free one
   * @param threads request threads, 1 or more
   * @throws IOException when the port cannot be bound
   */
  static DemoService start(Leak leak, int port, int threads) throws IOException {
    // Without TCP_NODELAY a small response waits for the client's delayed ACK: about 40 ms each.
    // The JDK reads the property once, when the first HttpServer of the JVM is made: an agent that
    // serves HTTP makes its server before main, so give -Dsun.net.httpserver.nodelay=true then.
    if (System.getProperty(NODELAY) == null) {
      System.setProperty(NODELAY, "true");
    }
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
    AtomicInteger n = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "demo-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    DemoService service = new DemoService(server, executor, leak);
    server.createContext("/quote", service::handleQuote);
    server.createContext("/health", service::handleHealth);
    server.setExecutor(executor);
    server.start();
    return service;
  }

  /** The address it listens on, e.g. {@code http://127.0.0.1:41234}. */
  String url() {
    InetSocketAddress a = server.getAddress();
    return "http://" + a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  /** Quotes served so far (tests compare what a leak keeps with it). */
  long quotesServed() {
    return requests.get();
  }

  /** The request threads' pool (tests run tasks on it to look at a thread-local). */
  ExecutorService executor() {
    return executor;
  }

  /** Stops listening and the request threads. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdown();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handleHealth(HttpExchange exchange) throws IOException {
    try {
      respond(exchange, 200, "text/plain", "ok\n".getBytes(StandardCharsets.UTF_8));
    } finally {
      exchange.close();
    }
  }

  private void handleQuote(HttpExchange exchange) throws IOException {
    try {
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      String symbol = query.get("symbol");
      String customer = query.getOrDefault("customer", "anonymous");
      Optional<Catalog.Product> product = symbol == null ? Optional.empty() : Catalog.find(symbol);
      if (product.isEmpty()) {
        String json =
            "{\"error\":\"unknown symbol\",\"symbol\":" + JsonWriter.quote(String.valueOf(symbol));
        byte[] body = (json + "}\n").getBytes(StandardCharsets.UTF_8);
        respond(exchange, 404, "application/json", body);
        return;
      }
      Quote quote = quote(product.get(), customer, requests.incrementAndGet());
      leak.onRequest(quote);
      respond(exchange, 200, "application/json", render(quote));
    } finally {
      exchange.close();
    }
  }

  private byte[] render(Quote quote) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    if (leak == Leak.UNCLOSED) {
      // the leak: the stream is never closed, so it stays registered as open
      new ReportStreams.ReportStream(quote).renderTo(out);
    } else {
      try (ReportStreams.ReportStream stream = new ReportStreams.ReportStream(quote)) {
        stream.renderTo(out);
      }
    }
    return out.toByteArray();
  }

  /** A price from a pseudo-random walk of the product's recent prices. */
  static Quote quote(Catalog.Product product, String customer, long requestId) {
    double[] history = new double[HISTORY];
    long seed = product.symbol().hashCode() * 0x9E3779B97F4A7C15L + requestId / 64;
    double price = product.basePrice();
    for (int i = 0; i < HISTORY; i++) {
      seed = seed * 6364136223846793005L + 1442695040888963407L;
      price *= 1.0 + ((seed >>> 40) % 201 - 100) / 20_000.0;
      history[i] = price;
    }
    double recent = 0;
    for (int i = HISTORY - 8; i < HISTORY; i++) {
      recent += history[i];
    }
    recent /= 8;
    String body =
        "{\"symbol\":"
            + JsonWriter.quote(product.symbol())
            + ",\"name\":"
            + JsonWriter.quote(product.name())
            + ",\"customer\":"
            + JsonWriter.quote(customer)
            + ",\"price\":"
            + String.format(Locale.ROOT, "%.2f", recent)
            + ",\"currency\":\"EUR\",\"requestId\":"
            + requestId
            + "}\n";
    return new Quote(product.symbol(), customer, requestId, recent, history, body);
  }

  private static void respond(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> values = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return values;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      values.put(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return values;
  }

  /**
   * Runs the service until the process is stopped. Options: {@code --port N} (default 0: any free
   * port), {@code --leak NAME} (default {@code none}, or {@code -Dleakscope.demo.leak}), {@code
   * --threads N} (default 4). A bad option prints one line on stderr and exits with status 2.
   */
  public static void main(String[] args) throws IOException {
    DemoOptions options;
    try {
      options = DemoOptions.parse(args, System.getProperty("leakscope.demo.leak", "none"));
    } catch (IllegalArgumentException e) {
      System.err.println("leakscope-demo: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.println(DemoOptions.USAGE);
      return;
    }
    DemoService service = start(options.leak(), options.port(), options.threads());
    Runtime.getRuntime().addShutdownHook(new Thread(service::close, "demo-shutdown"));
    System.out.println(LISTENING + service.url() + " (leak: " + options.leak().optionValue() + ")");
    System.out.flush();
  }
}
