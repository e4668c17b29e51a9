package io.leakscope.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives {@code GET /quote} requests at a {@link DemoService} from concurrent workers, each sending
 * one request at a time over a kept-alive HTTP/1.1 connection ({@link HttpClient}), and counts
 * them.
 *
 * <p>Request {@code k} (counted over all workers from 0) asks for {@code symbol=SYM<k mod 2000>}
 * and {@code customer=c<k>}: every customer is new, which is what makes a cache keyed by customer
 * grow. With a rate, request {@code k} is not sent before {@code start + k / rate}.
 *
 * <p>Run it: {@code java -cp leakscope.jar io.leakscope.demo.LoadGenerator --url
 * http://127.0.0.1:8080 --workers 4 --duration 20s}; it prints one line {@code RESULT requests=N
 * errors=N seconds=S requestsPerSecond=R}.
 */
public final class LoadGenerator {

  /**
   * What to run.
   *
   * @param url the service, e.g. {@code http://127.0.0.1:8080}
   * @param workers concurrent workers, 1 or more
   * @param duration how long to run; null for no limit
   * @param maxRequests how many requests to send in all; 0 for no limit
   * @param ratePerSecond the most requests per second over all workers; 0 for no limit
   */
  public record Settings(
      URI url, int workers, Duration duration, long maxRequests, double ratePerSecond) {
    public Settings {
      Objects.requireNonNull(url, "url");
      if (workers < 1) {
        throw new IllegalArgumentException("workers: " + workers + " (expected: 1+)");
      }
      if (maxRequests < 0) {
        throw new IllegalArgumentException("maxRequests: " + maxRequests + " (expected: 0+)");
      }
      if (!(ratePerSecond >= 0) || Double.isInfinite(ratePerSecond)) {
        throw new IllegalArgumentException(
            "ratePerSecond: " + ratePerSecond + " (expected: 0+, finite)");
      }
    }
  }

  /**
   * What a run did.
   *
   * @param requests requests answered with status 200
   * @param errors requests that failed or got another status
   * @param nanos from the start to the end of the run
   */
  public record Result(long requests, long errors, long nanos) {
    /** Successful requests per second of the run. */
    public double requestsPerSecond() {
      return nanos == 0 ? 0.0 : requests * 1e9 / nanos;
    }

    /** {@code RESULT requests=N errors=N seconds=S requestsPerSecond=R}. */
    public String line() {
      return String.format(
          Locale.ROOT,
          "RESULT requests=%d errors=%d seconds=%.3f requestsPerSecond=%.1f",
          requests,
          errors,
          nanos / 1e9,
          requestsPerSecond());
    }
  }

  private final Settings settings;
  private final HttpClient client;
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile boolean stopped;

  public LoadGenerator(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /** Successful requests so far; may be read from any thread while running. */
  public long completed() {
    return ok.get();
  }

  /** Makes {@link #run()} return after the requests in flight; may be called from any thread. */
  public void stop() {
    stopped = true;
  }

  /**
   * Sends requests until the duration, the request count or {@link #stop()} ends the run.
   *
   * @return the counts
   * @throws InterruptedException when the calling thread is interrupted; the workers are stopped
   */
  public Result run() throws InterruptedException {
    long start = System.nanoTime();
    long end = settings.duration() == null ? Long.MAX_VALUE : start + settings.duration().toNanos();
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < settings.workers(); i++) {
      Thread t = new Thread(() -> work(start, end), "demo-load-" + (i + 1));
      t.setDaemon(true);
      workers.add(t);
      t.start();
    }
    try {
      for (Thread t : workers) {
        t.join();
      }
    } finally {
      stopped = true;
    }
    return new Result(ok.get(), failed.get(), System.nanoTime() - start);
  }

  private void work(long start, long end) {
    String base = settings.url().toString().replaceAll("/+$", "");
    double nanosPerRequest = settings.ratePerSecond() == 0 ? 0 : 1e9 / settings.ratePerSecond();
    while (!stopped) {
      long k = sequence.getAndIncrement();
      if (settings.maxRequests() > 0 && k >= settings.maxRequests()) {
        return;
      }
      if (nanosPerRequest > 0) {
        long due = start + (long) (k * nanosPerRequest);
        for (long wait = due - System.nanoTime(); wait > 0 && !stopped; ) {
          LockSupport.parkNanos(Math.min(wait, 100_000_000L));
          wait = due - System.nanoTime();
        }
      }
      if (System.nanoTime() >= end || stopped) {
        return;
      }
      send(base + "/quote?symbol=SYM" + (k % Catalog.SIZE) + "&customer=c" + k);
    }
  }

  private void send(String uri) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30)).GET().build();
    try {
      HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      (response.statusCode() == 200 ? ok : failed).incrementAndGet();
    } catch (IOException e) {
      failed.incrementAndGet();
      // the service is gone or refusing: do not spin
      LockSupport.parkNanos(10_000_000L);
    } catch (InterruptedException e) {
      failed.incrementAndGet();
      stopped = true;
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Options: {@code --url URL} (required), {@code --workers N} (default 4), {@code --duration D}
   * ({@code 20s}, {@code 500ms}, {@code 2m}; default 10s unless {@code --requests} is given),
   * {@code --requests N}, {@code --rate R}. Prints the {@link Result#line()}; a bad option prints
   * one line on stderr and exits with status 2.
   */
  public static void main(String[] args) throws InterruptedException {
    Settings settings;
    try {
      settings = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("leakscope-demo load: " + e.getMessage());
      System.exit(2);
      return;
    }
    Result result = new LoadGenerator(settings).run();
    System.out.println(result.line());
  }

  static Settings parse(String[] args) {
    String url = null;
    int workers = 4;
    Duration duration = null;
    long requests = 0;
    double rate = 0;
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(name + ": missing value");
      }
      String value = args[++i];
      switch (name) {
        case "--url" -> url = value;
        case "--workers" -> workers = DemoOptions.number(name, value, 1, 10_000);
        case "--duration" -> duration = duration(value);
        case "--requests" -> requests = DemoOptions.number(name, value, 1, Integer.MAX_VALUE);
        case "--rate" -> rate = DemoOptions.number(name, value, 1, 1_000_000);
        default ->
            throw new IllegalArgumentException(
                "unknown option '"
                    + name
                    + "' (expected --url, --workers, --duration, --requests or --rate)");
      }
    }
    if (url == null) {
      throw new IllegalArgumentException("--url is required, e.g. --url http://127.0.0.1:8080");
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--url " + url + " (expected a URL like http://HOST:PORT)");
    }
    if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "--url " + url + " (expected a URL like http://HOST:PORT)");
    }
    if (duration == null && requests == 0) {
      duration = Duration.ofSeconds(10);
    }
    return new Settings(uri, workers, duration, requests, rate);
  }

  /** Parses {@code 500ms}, {@code 20s}, {@code 2m}. */
  static Duration duration(String text) {
    String s = text.strip().toLowerCase(Locale.ROOT);
    try {
      if (s.endsWith("ms")) {
        return positive(Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2))), text);
      } else if (s.endsWith("s")) {
        return positive(Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1))), text);
      } else if (s.endsWith("m")) {
        return positive(Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1))), text);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "--duration " + text + " (expected a duration like 500ms, 20s, 2m)");
  }

  private static Duration positive(Duration d, String text) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("--duration " + text + " (expected: more than 0)");
    }
    return d;
  }
}
