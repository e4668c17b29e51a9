package io.leakscope.agent;

import io.leakscope.watchdog.EvidenceBudget;
import io.leakscope.watchdog.TrendSettings;
import io.leakscope.watchdog.WatchdogConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The options of {@code -javaagent:leakscope-agent.jar=key=value,key=value}.
 *
 * <p>Keys: {@code dir} (required), {@code window}, {@code warmup}, {@code check}, {@code maxDumps},
 * {@code minDumpInterval}, {@code diskQuota}, {@code minFreeDisk}, {@code http}, {@code token},
 * {@code metrics}. Durations are a whole number with {@code ms}, {@code s}, {@code m} or {@code h};
 * sizes a whole number of bytes, optionally with {@code k}, {@code m} or {@code g} (powers of
 * 1024). Anything not given keeps the default of {@link WatchdogConfig#defaults}, except that when
 * {@code window} is given without {@code warmup} the warm-up is a fifth of the window (the
 * defaults' own ratio: 2 minutes for 10), so a short window is not swamped by the 2 minute default
 * warm-up.
 *
 * @param config the watchdog configuration
 * @param http where to serve diagnostics; empty when not asked for
 * @param token the bearer token for heap dumps over HTTP; null when not given
 * @param metrics where to serve {@code /metrics} for Prometheus; empty when not asked for. {@code
 *     metrics=PORT} alone means the loopback address {@code 127.0.0.1:PORT}
 */
public record AgentOptions(
    WatchdogConfig config,
    Optional<InetSocketAddress> http,
    String token,
    Optional<InetSocketAddress> metrics) {

  private static final String DURATION = "a duration like 30s, 10m";
  private static final String SIZE = "a size like 512m, 2g";

  /**
   * Parses the agent argument string.
   *
   * @param args the text after {@code =} in {@code -javaagent:jar=…}; null or empty means none
   * @return the options
   * @throws IllegalArgumentException with a one-line message naming the option and the expected
   *     form, e.g. {@code window=abc (expected a duration like 30s, 10m)}
   */
  public static AgentOptions parse(String args) {
    Map<String, String> values = new LinkedHashMap<>();
    if (args != null && !args.isBlank()) {
      for (String part : args.split(",", -1)) {
        int eq = part.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(
              "'" + part + "' (expected key=value, e.g. dir=/var/tmp/leakscope)");
        }
        String key = part.substring(0, eq).trim();
        if (values.put(key, part.substring(eq + 1).trim()) != null) {
          throw new IllegalArgumentException(part + " (option " + key + " given twice)");
        }
      }
    }
    for (String key : values.keySet()) {
      if (!KNOWN.contains(key)) {
        throw new IllegalArgumentException(
            key + "=" + values.get(key) + " (unknown option; expected one of " + KNOWN + ")");
      }
    }
    String dir = values.get("dir");
    if (dir == null || dir.isEmpty()) {
      throw new IllegalArgumentException(
          "dir is required (expected dir=DIR, the evidence directory)");
    }
    WatchdogConfig defaults = WatchdogConfig.defaults(Path.of(dir));
    TrendSettings t = defaults.trend();
    Duration window = duration(values, "window", t.window());
    Duration warmUp =
        duration(values, "warmup", values.containsKey("window") ? window.dividedBy(5) : t.warmUp());
    Duration check = duration(values, "check", defaults.checkInterval());
    EvidenceBudget b = defaults.budget();
    int maxDumps = (int) number(values, "maxDumps", b.maxDumps(), 1, Integer.MAX_VALUE);
    Duration minDumpInterval = duration(values, "minDumpInterval", b.minTimeBetweenDumps());
    long diskQuota = size(values, "diskQuota", b.maxDiskBytes(), 1);
    long minFreeDisk = size(values, "minFreeDisk", b.minFreeDiskBytes(), 0);
    if (window.isZero()) {
      throw new IllegalArgumentException("window=" + values.get("window") + " (expected: > 0)");
    }
    if (check.isZero()) {
      throw new IllegalArgumentException("check=" + values.get("check") + " (expected: > 0)");
    }
    TrendSettings trend =
        new TrendSettings(
            window,
            warmUp,
            t.maxPValue(),
            t.minGrowthBytesPerSecond(),
            t.minRelativeGrowth(),
            t.minSamples());
    EvidenceBudget budget = new EvidenceBudget(maxDumps, diskQuota, minFreeDisk, minDumpInterval);
    WatchdogConfig config =
        new WatchdogConfig(defaults.evidenceDir(), trend, budget, check, defaults.clock());
    String token = values.get("token");
    if (token != null && token.isEmpty()) {
      throw new IllegalArgumentException("token= (expected token=SECRET, not empty)");
    }
    return new AgentOptions(
        config,
        Optional.ofNullable(address("http", values.get("http"), false)),
        token,
        Optional.ofNullable(address("metrics", values.get("metrics"), true)));
  }

  private static final java.util.List<String> KNOWN =
      java.util.List.of(
          "dir",
          "window",
          "warmup",
          "check",
          "maxDumps",
          "minDumpInterval",
          "diskQuota",
          "minFreeDisk",
          "http",
          "token",
          "metrics");

  /** Writes a duration the way it is given: {@code 30s}, {@code 10m}, {@code 1500ms}. */
  static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0 && ms > 0) {
      return ms / 3_600_000 + "h";
    } else if (ms % 60_000 == 0 && ms > 0) {
      return ms / 60_000 + "m";
    } else if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }

  /** Parses {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}; null when malformed. */
  static Duration parseDuration(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    String unit;
    if (s.endsWith("ms")) {
      unit = "ms";
    } else if (s.endsWith("s") || s.endsWith("m") || s.endsWith("h")) {
      unit = s.substring(s.length() - 1);
    } else {
      return null;
    }
    Long n = digits(s.substring(0, s.length() - unit.length()));
    if (n == null) {
      return null;
    }
    try {
      return switch (unit) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    } catch (ArithmeticException e) {
      return null;
    }
  }

  /** Parses {@code 123}, {@code 64k}, {@code 512m}, {@code 2g}; -1 when malformed. */
  static long parseSize(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    int shift = 0;
    if (!s.isEmpty()) {
      switch (s.charAt(s.length() - 1)) {
        case 'k' -> shift = 10;
        case 'm' -> shift = 20;
        case 'g' -> shift = 30;
        default -> shift = -1;
      }
    }
    Long n = digits(shift >= 0 ? s.substring(0, s.length() - 1) : s);
    if (n == null || (shift > 0 && n > (Long.MAX_VALUE >> shift))) {
      return -1;
    }
    return shift > 0 ? n << shift : n;
  }

  private static Long digits(String s) {
    if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return null;
    }
    return Long.parseLong(s);
  }

  private static Duration duration(Map<String, String> values, String key, Duration fallback) {
    String v = values.get(key);
    if (v == null) {
      return fallback;
    }
    Duration d = parseDuration(v);
    if (d == null) {
      throw new IllegalArgumentException(key + "=" + v + " (expected " + DURATION + ")");
    }
    return d;
  }

  private static long size(Map<String, String> values, String key, long fallback, long min) {
    String v = values.get(key);
    if (v == null) {
      return fallback;
    }
    long n = parseSize(v);
    if (n < min) {
      throw new IllegalArgumentException(
          key + "=" + v + " (expected " + SIZE + (min > 0 ? ", at least 1 byte" : "") + ")");
    }
    return n;
  }

  private static long number(
      Map<String, String> values, String key, long fallback, long min, long max) {
    String v = values.get(key);
    if (v == null) {
      return fallback;
    }
    Long n = digits(v);
    if (n == null || n < min || n > max) {
      throw new IllegalArgumentException(
          key + "=" + v + " (expected a whole number, " + min + "+)");
    }
    return n;
  }

  /**
   * Parses {@code HOST:PORT}, {@code [v6]:PORT} for IPv6 literals, and when {@code portAlone} a
   * bare {@code PORT}, which means the loopback address.
   */
  private static InetSocketAddress address(String key, String v, boolean portAlone) {
    if (v == null) {
      return null;
    }
    String expected =
        portAlone
            ? " (expected "
                + key
                + "=HOST:PORT, or "
                + key
                + "=PORT for 127.0.0.1, e.g. "
                + key
                + "=0.0.0.0:9404)"
            : " (expected " + key + "=HOST:PORT, e.g. " + key + "=127.0.0.1:7070)";
    int colon = v.lastIndexOf(':');
    if (portAlone && colon < 0) {
      Long port = digits(v);
      if (port == null || port > 65535) {
        throw new IllegalArgumentException(key + "=" + v + expected);
      }
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), port.intValue());
    }
    if (colon <= 0) {
      throw new IllegalArgumentException(key + "=" + v + expected);
    }
    String host = v.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    Long port = digits(v.substring(colon + 1));
    if (host.isEmpty() || port == null || port > 65535) {
      throw new IllegalArgumentException(key + "=" + v + expected);
    }
    InetSocketAddress address = new InetSocketAddress(host, port.intValue());
    if (address.isUnresolved()) {
      throw new IllegalArgumentException(key + "=" + v + " (host " + host + " does not resolve)");
    }
    return address;
  }
}
