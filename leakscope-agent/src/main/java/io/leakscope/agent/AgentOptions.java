package io.leakscope.agent;

import io.leakscope.watchdog.Durations;
import io.leakscope.watchdog.EvidenceBudget;
import io.leakscope.watchdog.MemorySettings;
import io.leakscope.watchdog.TrendSettings;
import io.leakscope.watchdog.WatchdogConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The options of {@code -javaagent:leakscope-agent.jar=key=value,key=value}, each of which may also
 * be given as a system property or an environment variable.
 *
 * <p>Keys: {@code dir} (required), {@code window}, {@code warmup}, {@code check}, {@code maxDumps},
 * {@code minDumpInterval}, {@code diskQuota}, {@code minFreeDisk}, {@code http}, {@code token},
 * {@code tokenFile}, {@code metrics}, {@code memoryInterval}, {@code nativeWindow}, {@code
 * nativeWarmup}, {@code nearLimit} (a percentage of the container's limit). Durations are a whole
 * number with {@code ms}, {@code s}, {@code m} or {@code h} (see {@link Durations}); sizes a whole
 * number of bytes, optionally with {@code k}, {@code m} or {@code g} (powers of 1024). Anything not
 * given keeps the default of {@link WatchdogConfig#defaults}, except that when {@code window} is
 * given without {@code warmup} the warm-up is a fifth of the window (the defaults' own ratio: 2
 * minutes for 10), so a short window is not swamped by the 2 minute default warm-up.
 *
 * <p><b>Where values come from.</b> Each key is looked up, first found wins, in
 *
 * <ol>
 *   <li>the agent argument: {@code window=10m};
 *   <li>the system property {@code leakscope.KEY}: {@code -Dleakscope.window=10m};
 *   <li>the environment variable {@code LEAKSCOPE_KEY}, the key in upper case with {@code _} before
 *       each inner capital: {@code LEAKSCOPE_WINDOW=10m}, {@code LEAKSCOPE_MAX_DUMPS=3}, {@code
 *       LEAKSCOPE_TOKEN_FILE=/run/secrets/leakscope}.
 * </ol>
 *
 * The most specific wins: the argument is written for this one JVM, a system property for this
 * command line, while the environment is inherited by every JVM of the container ({@code
 * JAVA_TOOL_OPTIONS} attaches the agent to {@code jcmd} and build tools too), so it holds the
 * defaults of a deployment. This is the OpenTelemetry Java agent's order as well (system property
 * over environment). A blank system property or environment variable counts as not set; unknown
 * {@code leakscope.*} properties and {@code LEAKSCOPE_*} variables are ignored (others, a Spring
 * Boot application's configuration say, share those names), while an unknown key in the argument is
 * an error. Every value gets the same validation wherever it comes from, and an error names it as
 * it was written: {@code LEAKSCOPE_WINDOW=abc (expected a duration like 30s, 10m)}.
 *
 * <p><b>The token</b> unlocks heap dumps over HTTP. On the command line (agent argument or {@code
 * -D}) any user of the machine can read it with {@code ps}; {@link #warnings()} says so. Prefer
 * {@code LEAKSCOPE_TOKEN} or {@code tokenFile=FILE} ({@code LEAKSCOPE_TOKEN_FILE}, a mounted
 * Kubernetes secret for instance): the file's content, blanks and line ends around it removed, is
 * the token. {@code token} and {@code tokenFile} are one setting: the first source that gives
 * either decides, and a source that gives both is an error. A token file must be a regular file of
 * at most {@value #MAX_TOKEN_FILE} bytes holding one line, and where the file system has POSIX
 * permissions, not writable by group or others (whoever can write it could set the token).
 *
 * @param config the watchdog configuration
 * @param http where to serve diagnostics; empty when not asked for
 * @param token the bearer token for heap dumps over HTTP; null when not given
 * @param warnings one-line warnings for the operator (a token on the command line); empty when none
 * @param metrics where to serve {@code /metrics} for Prometheus; empty when not asked for. {@code
 *     metrics=PORT} alone means the loopback address {@code 127.0.0.1:PORT}
 */
public record AgentOptions(
    WatchdogConfig config,
    Optional<InetSocketAddress> http,
    String token,
    List<String> warnings,
    Optional<InetSocketAddress> metrics) {

  private static final String DURATION = "a duration like 30s, 10m";
  private static final String SIZE = "a size like 512m, 2g";

  /** The largest token file read, in bytes: a token is a line, not a document. */
  static final int MAX_TOKEN_FILE = 4096;

  /** The prefix of the system properties: {@code -Dleakscope.window=10m}. */
  static final String PROPERTY_PREFIX = "leakscope.";

  /** The prefix of the environment variables: {@code LEAKSCOPE_WINDOW=10m}. */
  static final String ENV_PREFIX = "LEAKSCOPE_";

  public AgentOptions {
    warnings = List.copyOf(warnings);
  }

  /**
   * Parses the agent argument string, with this JVM's system properties and environment.
   *
   * @param args the text after {@code =} in {@code -javaagent:jar=…}; null or empty means none
   * @return the options
   * @throws IllegalArgumentException with a one-line message naming the option as it was given and
   *     the expected form, e.g. {@code window=abc (expected a duration like 30s, 10m)}
   */
  public static AgentOptions parse(String args) {
    Map<String, String> properties = new LinkedHashMap<>();
    Properties system = System.getProperties();
    for (String name : system.stringPropertyNames()) {
      if (name.startsWith(PROPERTY_PREFIX)) {
        properties.put(name, system.getProperty(name));
      }
    }
    return parse(args, properties, System.getenv());
  }

  /**
   * Parses the agent argument string with the given system properties and environment.
   *
   * @param args the text after {@code =} in {@code -javaagent:jar=…}; null or empty means none
   * @param properties system properties by full name ({@code leakscope.window}); others ignored
   * @param environment environment variables by name ({@code LEAKSCOPE_WINDOW}); others ignored
   * @return the options
   * @throws IllegalArgumentException with a one-line message naming the option as it was given
   */
  static AgentOptions parse(
      String args, Map<String, String> properties, Map<String, String> environment) {
    Values values = new Values(arguments(args), properties, environment);
    String dir = values.get("dir");
    if (dir == null || dir.isEmpty()) {
      throw new IllegalArgumentException(
          "dir is required (expected dir=DIR, the evidence directory, or LEAKSCOPE_DIR=DIR)");
    }
    Path evidenceDir;
    try {
      evidenceDir = Path.of(dir);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(
          values.shown("dir") + " (not a path: " + e.getReason() + ")");
    }
    WatchdogConfig defaults = WatchdogConfig.defaults(evidenceDir);
    TrendSettings t = defaults.trend();
    Duration window = duration(values, "window", t.window());
    Duration warmUp =
        duration(values, "warmup", values.has("window") ? window.dividedBy(5) : t.warmUp());
    Duration check = duration(values, "check", defaults.checkInterval());
    Duration g1Cycles = g1Cycles(values, defaults.g1CycleEvery());
    EvidenceBudget b = defaults.budget();
    int maxDumps = (int) number(values, "maxDumps", b.maxDumps(), 1, Integer.MAX_VALUE);
    Duration minDumpInterval = duration(values, "minDumpInterval", b.minTimeBetweenDumps());
    long diskQuota = size(values, "diskQuota", b.maxDiskBytes(), 1);
    long minFreeDisk = size(values, "minFreeDisk", b.minFreeDiskBytes(), 0);
    if (window.isZero()) {
      throw new IllegalArgumentException(values.shown("window") + " (expected: > 0)");
    }
    if (check.isZero()) {
      throw new IllegalArgumentException(values.shown("check") + " (expected: > 0)");
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
        new WatchdogConfig(
            defaults.evidenceDir(),
            trend,
            budget,
            check,
            defaults.clock(),
            memory(values, check),
            g1Cycles);
    List<String> warnings = new ArrayList<>();
    String token = token(values, warnings);
    return new AgentOptions(
        config,
        Optional.ofNullable(address(values, "http", false)),
        token,
        warnings,
        Optional.ofNullable(address(values, "metrics", true)));
  }

  private static final List<String> KNOWN =
      List.of(
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
          "metrics",
          "tokenFile",
          "memoryInterval",
          "nativeWindow",
          "nativeWarmup",
          "nearLimit",
          "g1Cycles");

  /** The agent argument as key to value, in order; errors for malformed, repeated, unknown keys. */
  private static Map<String, String> arguments(String args) {
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
    return values;
  }

  /** The system property of a key: {@code leakscope.maxDumps}. */
  static String propertyName(String key) {
    return PROPERTY_PREFIX + key;
  }

  /** The environment variable of a key: {@code LEAKSCOPE_MAX_DUMPS}. */
  static String environmentName(String key) {
    StringBuilder name = new StringBuilder(ENV_PREFIX);
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        name.append('_');
      }
      name.append(Character.toUpperCase(c));
    }
    return name.toString();
  }

  /** Where a value was given; an error names it the way it was written. */
  enum Source {
    ARGUMENT,
    SYSTEM_PROPERTY,
    ENVIRONMENT;

    String shown(String key, String value) {
      return switch (this) {
        case ARGUMENT -> key + "=" + value;
        case SYSTEM_PROPERTY -> "-D" + propertyName(key) + "=" + value;
        case ENVIRONMENT -> environmentName(key) + "=" + value;
      };
    }
  }

  /** The value of each key from the first source that gives it: argument, property, environment. */
  private static final class Values {
    private final Map<String, String> resolved = new LinkedHashMap<>();
    private final Map<String, Source> sources = new LinkedHashMap<>();
    private final Map<Source, Map<String, String>> bySource = new EnumMap<>(Source.class);

    Values(
        Map<String, String> arguments,
        Map<String, String> properties,
        Map<String, String> environment) {
      for (Source source : Source.values()) {
        Map<String, String> layer = new LinkedHashMap<>();
        for (String key : KNOWN) {
          String v =
              switch (source) {
                case ARGUMENT -> arguments.get(key);
                case SYSTEM_PROPERTY -> blankIsUnset(properties.get(propertyName(key)));
                case ENVIRONMENT -> blankIsUnset(environment.get(environmentName(key)));
              };
          if (v != null) {
            layer.put(key, v);
            if (!resolved.containsKey(key)) {
              resolved.put(key, v);
              sources.put(key, source);
            }
          }
        }
        bySource.put(source, layer);
      }
    }

    private static String blankIsUnset(String v) {
      return v == null || v.isBlank() ? null : v.strip();
    }

    String get(String key) {
      return resolved.get(key);
    }

    boolean has(String key) {
      return resolved.containsKey(key);
    }

    /** The key and value as the user gave them: {@code LEAKSCOPE_WINDOW=abc}. */
    String shown(String key) {
      return sources.get(key).shown(key, resolved.get(key));
    }

    Map<String, String> of(Source source) {
      return bySource.get(source);
    }
  }

  /**
   * The whole process's memory: {@code memoryInterval} (least time between footprints), {@code
   * nativeWindow} and {@code nativeWarmup} (the native-growth verdict's; the warm-up a fifth of a
   * given window, as for {@code window}), {@code nearLimit} (percent of the container's limit).
   */
  private static MemorySettings memory(Values values, Duration check) {
    MemorySettings defaults = MemorySettings.defaults();
    TrendSettings g = defaults.nativeGrowth();
    Duration interval = duration(values, "memoryInterval", defaults.interval());
    if (interval.isZero()) {
      throw new IllegalArgumentException(values.shown("memoryInterval") + " (expected: > 0)");
    }
    Duration window = duration(values, "nativeWindow", g.window());
    Duration warmUp =
        duration(
            values, "nativeWarmup", values.has("nativeWindow") ? window.dividedBy(5) : g.warmUp());
    // a footprint is taken at a check: the check interval is the shortest interval there is
    Duration effective = interval.compareTo(check) < 0 ? check : interval;
    Duration shortest = MemorySettings.shortestWindow(effective, g.minSamples());
    if (window.compareTo(shortest) < 0 && !values.has("nativeWindow")) {
      // the default window with a long check interval: the shortest window that can judge
      window = shortest;
    } else if (window.compareTo(shortest) < 0) {
      throw new IllegalArgumentException(
          values.shown("nativeWindow")
              + " (expected at least "
              + Durations.format(shortest)
              + ": "
              + g.minSamples()
              + " footprints "
              + Durations.format(effective)
              + " apart; or a shorter "
              + (interval.compareTo(check) < 0 ? "check" : "memoryInterval")
              + ")");
    }
    double share =
        number(values, "nearLimit", Math.round(defaults.nearLimitShare() * 100), 1, 100) / 100.0;
    return new MemorySettings(
        interval,
        new TrendSettings(
            window,
            warmUp,
            g.maxPValue(),
            g.minGrowthBytesPerSecond(),
            g.minRelativeGrowth(),
            g.minSamples()),
        share);
  }

  /** The token from the first source that gives {@code token} or {@code tokenFile}. */
  private static String token(Values values, List<String> warnings) {
    for (Source source : Source.values()) {
      String token = values.of(source).get("token");
      String file = values.of(source).get("tokenFile");
      if (token != null && file != null) {
        throw new IllegalArgumentException(
            source.shown("token", "…")
                + " and "
                + source.shown("tokenFile", file)
                + " (give one of them)");
      }
      if (token != null) {
        if (token.isEmpty()) {
          throw new IllegalArgumentException(
              source.shown("token", "") + " (expected token=SECRET, not empty)");
        }
        if (source != Source.ENVIRONMENT) {
          warnings.add(
              "warning: the token is on the command line, where other users of this machine can"
                  + " read it (ps); prefer tokenFile=FILE or the environment variable "
                  + environmentName("token"));
        }
        return token;
      }
      if (file != null) {
        return readTokenFile(source.shown("tokenFile", file), file);
      }
    }
    return null;
  }

  /** The one line of a token file, checked; one-line errors that start with {@code shown}. */
  private static String readTokenFile(String shown, String name) {
    Path file;
    try {
      file = Path.of(name);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(shown + " (not a path: " + e.getReason() + ")");
    }
    try {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException(
            shown + (Files.exists(file) ? " (not a regular file)" : " (no such file)"));
      }
      if (Files.size(file) > MAX_TOKEN_FILE) {
        throw new IllegalArgumentException(
            shown + " (larger than " + MAX_TOKEN_FILE + " bytes: expected one line, the token)");
      }
      if (Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class)) {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (permissions.contains(PosixFilePermission.GROUP_WRITE)
            || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
          throw new IllegalArgumentException(
              shown
                  + " (writable by group or others, who could set the token; chmod go-w "
                  + name
                  + ")");
        }
      }
      String token = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (token.isEmpty()) {
        throw new IllegalArgumentException(shown + " (the file is empty; expected the token)");
      }
      if (token.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        throw new IllegalArgumentException(
            shown + " (holds more than one line or control characters; expected the token)");
      }
      return token;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          shown
              + " (cannot read it: "
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage()
              + ")");
    }
  }

  /** Parses {@code 123}, {@code 64k}, {@code 512m}, {@code 2g}; -1 when malformed. */
  static long parseSize(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    int shift = -1;
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

  private static Duration duration(Values values, String key, Duration fallback) {
    String v = values.get(key);
    if (v == null) {
      return fallback;
    }
    Duration d = Durations.parse(v);
    if (d == null) {
      throw new IllegalArgumentException(values.shown(key) + " (expected " + DURATION + ")");
    }
    return d;
  }

  /** {@code g1Cycles=1m}: the least time between requested G1 cycles; {@code off} for none. */
  private static Duration g1Cycles(Values values, Duration fallback) {
    String v = values.get("g1Cycles");
    if (v != null && v.strip().equalsIgnoreCase("off")) {
      return Duration.ZERO;
    }
    Duration d = duration(values, "g1Cycles", fallback);
    if (d.compareTo(Duration.ofSeconds(10)) < 0) {
      throw new IllegalArgumentException(
          values.shown("g1Cycles") + " (expected off or a duration of at least 10s, e.g. 1m)");
    }
    return d;
  }

  private static long size(Values values, String key, long fallback, long min) {
    String v = values.get(key);
    if (v == null) {
      return fallback;
    }
    long n = parseSize(v);
    if (n < min) {
      throw new IllegalArgumentException(
          values.shown(key) + " (expected " + SIZE + (min > 0 ? ", at least 1 byte" : "") + ")");
    }
    return n;
  }

  private static long number(Values values, String key, long fallback, long min, long max) {
    String v = values.get(key);
    if (v == null) {
      return fallback;
    }
    Long n = digits(v);
    if (n == null || n < min || n > max) {
      throw new IllegalArgumentException(
          values.shown(key)
              + " (expected a whole number, "
              + min
              + (max < Integer.MAX_VALUE ? " to " + max : "+")
              + ")");
    }
    return n;
  }

  /** Parses {@code HOST:PORT}; {@code [v6]:PORT} for IPv6 literals; null when not given. */
  /**
   * Parses {@code HOST:PORT}, {@code [v6]:PORT} for IPv6 literals, and when {@code portAlone} a
   * bare {@code PORT}, which means the loopback address.
   */
  private static InetSocketAddress address(Values values, String key, boolean portAlone) {
    String v = values.get(key);
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
        throw new IllegalArgumentException(values.shown(key) + expected);
      }
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), port.intValue());
    }
    if (colon <= 0) {
      throw new IllegalArgumentException(values.shown(key) + expected);
    }
    String host = v.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    Long port = digits(v.substring(colon + 1));
    if (host.isEmpty() || port == null || port > 65535) {
      throw new IllegalArgumentException(values.shown(key) + expected);
    }
    InetSocketAddress address = new InetSocketAddress(host, port.intValue());
    if (address.isUnresolved()) {
      throw new IllegalArgumentException(
          values.shown(key) + " (host " + host + " does not resolve)");
    }
    return address;
  }
}
