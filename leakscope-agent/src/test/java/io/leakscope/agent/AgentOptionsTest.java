package io.leakscope.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leakscope.watchdog.MemorySettings;
import io.leakscope.watchdog.WatchdogConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentOptionsTest {

  @Test
  void sizesAreBytesOrPowersOf1024() {
    assertThat(AgentOptions.parseSize("123")).isEqualTo(123);
    assertThat(AgentOptions.parseSize("64k")).isEqualTo(64L << 10);
    assertThat(AgentOptions.parseSize("512m")).isEqualTo(512L << 20);
    assertThat(AgentOptions.parseSize("2G")).isEqualTo(2L << 30);
    assertThat(AgentOptions.parseSize("2x")).isEqualTo(-1);
    assertThat(AgentOptions.parseSize("m")).isEqualTo(-1);
    assertThat(AgentOptions.parseSize("99999999999999g")).isEqualTo(-1);
    assertThat(AgentOptions.parseSize("")).isEqualTo(-1);
  }

  @Test
  void onlyDirKeepsEveryDefault() {
    AgentOptions o = AgentOptions.parse("dir=/tmp/ev", Map.of(), Map.of());
    WatchdogConfig d = WatchdogConfig.defaults(Path.of("/tmp/ev"));
    assertThat(o.config().evidenceDir()).isEqualTo(Path.of("/tmp/ev"));
    assertThat(o.config().trend()).isEqualTo(d.trend());
    assertThat(o.config().budget()).isEqualTo(d.budget());
    assertThat(o.config().checkInterval()).isEqualTo(d.checkInterval());
    assertThat(o.http()).isEmpty();
    assertThat(o.token()).isNull();
    assertThat(o.metrics()).isEmpty();
  }

  @Test
  void metricsTakesHostAndPortOrAPortAloneForLoopback() {
    InetSocketAddress any =
        AgentOptions.parse("dir=d,metrics=0.0.0.0:9404").metrics().orElseThrow();
    assertThat(any.getAddress().isAnyLocalAddress()).isTrue();
    assertThat(any.getPort()).isEqualTo(9404);
    InetSocketAddress alone = AgentOptions.parse("dir=d,metrics=9404").metrics().orElseThrow();
    assertThat(alone.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(alone.getPort()).isEqualTo(9404);
    InetSocketAddress v6 = AgentOptions.parse("dir=d,metrics=[::1]:0").metrics().orElseThrow();
    assertThat(v6.getAddress().isLoopbackAddress()).isTrue();
    assertThat(AgentOptions.parse("dir=d,metrics=9404").http()).isEmpty();
  }

  @Test
  void windowWithoutWarmupWarmsUpForAFifthOfIt() {
    AgentOptions o = AgentOptions.parse("dir=d,window=30s", Map.of(), Map.of());
    assertThat(o.config().trend().window()).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.config().trend().warmUp()).isEqualTo(Duration.ofSeconds(6));
    assertThat(
            AgentOptions.parse("dir=d,window=30s,warmup=0s", Map.of(), Map.of())
                .config()
                .trend()
                .warmUp())
        .isEqualTo(Duration.ZERO);
  }

  @Test
  void everyOptionReachesTheConfig() {
    AgentOptions o = AgentOptions.parse(EVERY_OPTION, Map.of(), Map.of());
    assertThat(o.config().checkInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(o.config().trend().warmUp()).isEqualTo(Duration.ofSeconds(3));
    assertThat(o.config().budget().maxDumps()).isEqualTo(5);
    assertThat(o.config().budget().minTimeBetweenDumps()).isEqualTo(Duration.ofMinutes(1));
    assertThat(o.config().budget().maxDiskBytes()).isEqualTo(512L << 20);
    assertThat(o.config().budget().minFreeDiskBytes()).isEqualTo(2L << 30);
    assertThat(o.http()).hasValueSatisfying(a -> assertThat(a.getPort()).isZero());
    assertThat(o.http().get().getAddress().isLoopbackAddress()).isTrue();
    assertThat(o.token()).isEqualTo("s3cret");
    assertThat(o.config().memory().interval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(o.config().memory().nativeGrowth().window()).isEqualTo(Duration.ofMinutes(1));
    assertThat(o.config().memory().nativeGrowth().warmUp()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.config().memory().nearLimitShare()).isEqualTo(0.8);
  }

  @Test
  void memoryOptionsKeepTheNativeGrowthThresholdsAndCheckTheWindow() {
    MemorySettings d = MemorySettings.defaults();
    assertThat(AgentOptions.parse("dir=d").config().memory()).isEqualTo(d);
    MemorySettings m =
        AgentOptions.parse("dir=d,nativeWindow=30s,memoryInterval=1s,check=1s").config().memory();
    // the window's warm-up is a fifth of it, as for the live set's window
    assertThat(m.nativeGrowth().warmUp()).isEqualTo(Duration.ofSeconds(6));
    assertThat(m.nativeGrowth().maxPValue()).isEqualTo(d.nativeGrowth().maxPValue());
    assertThat(m.nativeGrowth().minRelativeGrowth())
        .isEqualTo(d.nativeGrowth().minRelativeGrowth());
    assertThat(m.nativeGrowth().minSamples()).isEqualTo(8);
    // 8 footprints need 7 intervals: 7 s at one a second, 70 s when checks are 10 s apart
    assertThat(
            AgentOptions.parse("dir=d,nativeWindow=7s,memoryInterval=1s,check=1s")
                .config()
                .memory()
                .nativeGrowth()
                .window())
        .isEqualTo(Duration.ofSeconds(7));
    assertError(
        "dir=d,nativeWindow=6s,memoryInterval=1s,check=1s",
        "nativeWindow=6s (expected at least 7s: 8 footprints 1s apart; or a shorter"
            + " memoryInterval)");
    assertError(
        "dir=d,nativeWindow=1m,memoryInterval=1s",
        "nativeWindow=1m (expected at least 70s: 8 footprints 10s apart; or a shorter check)");
    // a long check interval alone stretches the default window instead of failing
    assertThat(AgentOptions.parse("dir=d,check=2m").config().memory().nativeGrowth().window())
        .isEqualTo(Duration.ofMinutes(14));
    assertError("dir=d,memoryInterval=0s", "memoryInterval=0s (expected: > 0)");
    assertError("dir=d,nativeWindow=soon", "nativeWindow=soon (expected a duration like 30s");
    assertError("dir=d,nearLimit=0", "nearLimit=0 (expected a whole number, 1 to 100)");
    assertError("dir=d,nearLimit=101", "nearLimit=101 (expected a whole number, 1 to 100)");
    assertError(
        Map.of(),
        Map.of("LEAKSCOPE_NATIVE_WINDOW", "1s"),
        "LEAKSCOPE_NATIVE_WINDOW=1s (expected at least 210s: 8 footprints 30s apart");
  }

  @Test
  void malformedOptionsNameTheOptionAndTheExpectedForm() {
    assertError("dir=d,window=abc", "window=abc (expected a duration like 30s, 10m)");
    assertError("dir=d,check=0s", "check=0s (expected: > 0)");
    assertError("dir=d,diskQuota=lots", "diskQuota=lots (expected a size like 512m, 2g");
    assertError("dir=d,maxDumps=0", "maxDumps=0 (expected a whole number, 1+)");
    assertError("dir=d,foo=1", "foo=1 (unknown option; expected one of [dir, window");
    assertError("window=30s", "dir is required (expected dir=DIR");
    assertError("", "dir is required");
    assertError("dir=d,window", "'window' (expected key=value");
    assertError("dir=d,dir=e", "dir=e (option dir given twice)");
    assertError("dir=d,http=7070", "http=7070 (expected http=HOST:PORT");
    assertError("dir=d,http=:7070", "http=:7070 (expected http=HOST:PORT");
    assertError("dir=d,http=localhost:x", "http=localhost:x (expected http=HOST:PORT");
    assertError("dir=d,token=", "token= (expected token=SECRET");
    String metrics = " (expected metrics=HOST:PORT, or metrics=PORT for 127.0.0.1";
    assertError("dir=d,metrics=", "metrics=" + metrics);
    assertError("dir=d,metrics=abc", "metrics=abc" + metrics);
    assertError("dir=d,metrics=70000", "metrics=70000" + metrics);
    assertError("dir=d,metrics=:9404", "metrics=:9404" + metrics);
    assertError("dir=d,metrics=localhost:x", "metrics=localhost:x" + metrics);
    assertError("dir=d,metrics=-1", "metrics=-1" + metrics);
    assertError("dir=d,diskQuota=", "diskQuota= (expected a size like 512m, 2g");
  }

  @Test
  void environmentNamesAreTheKeyInUpperSnakeCase() {
    assertThat(AgentOptions.environmentName("dir")).isEqualTo("LEAKSCOPE_DIR");
    assertThat(AgentOptions.environmentName("maxDumps")).isEqualTo("LEAKSCOPE_MAX_DUMPS");
    assertThat(AgentOptions.environmentName("minFreeDisk")).isEqualTo("LEAKSCOPE_MIN_FREE_DISK");
    assertThat(AgentOptions.environmentName("tokenFile")).isEqualTo("LEAKSCOPE_TOKEN_FILE");
    assertThat(AgentOptions.propertyName("minDumpInterval")).isEqualTo("leakscope.minDumpInterval");
  }

  /** Every option, given as properties or as environment variables, gives the same options. */
  @Test
  void everyOptionCanComeFromSystemPropertiesOrTheEnvironment() {
    AgentOptions fromArgument = AgentOptions.parse(EVERY_OPTION, Map.of(), Map.of());
    Map<String, String> properties = new LinkedHashMap<>();
    Map<String, String> environment = new LinkedHashMap<>();
    for (String option : EVERY_OPTION.split(",")) {
      String key = option.substring(0, option.indexOf('='));
      String value = option.substring(option.indexOf('=') + 1);
      properties.put("leakscope." + key, value);
      environment.put(AgentOptions.environmentName(key), value);
    }
    AgentOptions fromProperties = AgentOptions.parse(null, properties, Map.of());
    AgentOptions fromEnvironment = AgentOptions.parse("", Map.of(), environment);
    for (AgentOptions o : List.of(fromProperties, fromEnvironment)) {
      assertThat(o.config()).isEqualTo(fromArgument.config());
      assertThat(o.http()).isEqualTo(fromArgument.http());
      assertThat(o.metrics()).isEqualTo(fromArgument.metrics()).isPresent();
      assertThat(o.token()).isEqualTo("s3cret");
    }
    assertThat(fromArgument.config().trend().window()).isEqualTo(Duration.ofSeconds(20));
    assertThat(fromEnvironment.warnings()).isEmpty();
    assertThat(fromProperties.warnings()).singleElement().asString().contains("ps");
  }

  @Test
  void theArgumentBeatsThePropertyWhichBeatsTheEnvironment() {
    Map<String, String> env = Map.of("LEAKSCOPE_DIR", "e", "LEAKSCOPE_WINDOW", "3m");
    Map<String, String> props = Map.of("leakscope.window", "2m", "leakscope.check", "5s");
    AgentOptions o = AgentOptions.parse("window=1m", props, env);
    assertThat(o.config().evidenceDir()).isEqualTo(Path.of("e"));
    assertThat(o.config().trend().window()).isEqualTo(Duration.ofMinutes(1));
    assertThat(o.config().checkInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(AgentOptions.parse(null, props, env).config().trend().window())
        .isEqualTo(Duration.ofMinutes(2));
    AgentOptions envOnly = AgentOptions.parse(null, Map.of(), env);
    assertThat(envOnly.config().trend().window()).isEqualTo(Duration.ofMinutes(3));
    assertThat(envOnly.config().trend().warmUp())
        .as("a window from the environment still sets the warm-up to a fifth")
        .isEqualTo(Duration.ofSeconds(36));
  }

  @Test
  void blankOrUnknownPropertiesAndVariablesAreIgnored() {
    AgentOptions o =
        AgentOptions.parse(
            "dir=d",
            Map.of("leakscope.window", " ", "leakscope.colour", "red"),
            Map.of("LEAKSCOPE_CHECK", "", "LEAKSCOPE_FOO", "1", "WINDOW", "abc"));
    WatchdogConfig d = WatchdogConfig.defaults(Path.of("d"));
    assertThat(o.config().trend()).isEqualTo(d.trend());
    assertThat(o.config().checkInterval()).isEqualTo(d.checkInterval());
  }

  @Test
  void errorsNameTheValueAsItWasGiven() {
    assertError(
        Map.of("leakscope.window", "abc"),
        Map.of(),
        "-Dleakscope.window=abc (expected a duration like 30s, 10m)");
    assertError(
        Map.of(),
        Map.of("LEAKSCOPE_WINDOW", "abc"),
        "LEAKSCOPE_WINDOW=abc (expected a duration like 30s, 10m)");
    assertError(
        Map.of(),
        Map.of("LEAKSCOPE_MAX_DUMPS", "0"),
        "LEAKSCOPE_MAX_DUMPS=0 (expected a whole number, 1+)");
    assertError(
        Map.of(), Map.of("LEAKSCOPE_HTTP", "7070"), "LEAKSCOPE_HTTP=7070 (expected http=HOST:PORT");
    assertError(Map.of("leakscope.check", "0s"), Map.of(), "-Dleakscope.check=0s (expected: > 0)");
    assertError(
        Map.of("leakscope.minFreeDisk", "lots"),
        Map.of(),
        "-Dleakscope.minFreeDisk=lots (expected a size");
    assertThatThrownBy(() -> AgentOptions.parse(null, Map.of(), Map.of()))
        .hasMessageStartingWith("dir is required")
        .hasMessageContaining("LEAKSCOPE_DIR");
  }

  @Test
  void theTokenFromTheEnvironmentRaisesNoWarningOnTheCommandLineOne() {
    AgentOptions env = AgentOptions.parse("dir=d", Map.of(), Map.of("LEAKSCOPE_TOKEN", "s3cret"));
    assertThat(env.token()).isEqualTo("s3cret");
    assertThat(env.warnings()).isEmpty();
    AgentOptions argument = AgentOptions.parse("dir=d,token=s3cret", Map.of(), Map.of());
    assertThat(argument.warnings())
        .singleElement()
        .asString()
        .contains("tokenFile=FILE", "LEAKSCOPE_TOKEN")
        .doesNotContain("s3cret");
  }

  @Test
  void aTokenFileGivesItsOneLineTrimmed(@TempDir Path dir) throws IOException {
    Path file = secret(dir.resolve("token"), "  s3cret \n");
    AgentOptions o = AgentOptions.parse("dir=d,tokenFile=" + file, Map.of(), Map.of());
    assertThat(o.token()).isEqualTo("s3cret");
    assertThat(o.warnings()).isEmpty();
    AgentOptions env =
        AgentOptions.parse("dir=d", Map.of(), Map.of("LEAKSCOPE_TOKEN_FILE", file.toString()));
    assertThat(env.token()).isEqualTo("s3cret");
  }

  @Test
  void tokenAndTokenFileAreOneSettingTheFirstSourceDecides(@TempDir Path dir) throws IOException {
    Path file = secret(dir.resolve("token"), "from-file\n");
    Map<String, String> env = Map.of("LEAKSCOPE_TOKEN", "from-env");
    assertThat(AgentOptions.parse("dir=d,tokenFile=" + file, Map.of(), env).token())
        .isEqualTo("from-file");
    assertThat(AgentOptions.parse("dir=d", Map.of("leakscope.token", "from-property"), env).token())
        .isEqualTo("from-property");
    assertThatThrownBy(
            () ->
                AgentOptions.parse(
                    "dir=d",
                    Map.of(),
                    Map.of("LEAKSCOPE_TOKEN", "from-env", "LEAKSCOPE_TOKEN_FILE", file.toString())))
        .hasMessageStartingWith("LEAKSCOPE_TOKEN=… and LEAKSCOPE_TOKEN_FILE=" + file)
        .hasMessageEndingWith("(give one of them)")
        .hasMessageNotContaining("from-env");
  }

  @Test
  void aBadTokenFileIsOneLineNamingIt(@TempDir Path dir) throws IOException {
    Path missing = dir.resolve("missing");
    assertError("dir=d,tokenFile=" + missing, "tokenFile=" + missing + " (no such file)");
    assertError("dir=d,tokenFile=" + dir, "tokenFile=" + dir + " (not a regular file)");
    Path empty = secret(dir.resolve("empty"), " \n");
    assertError("dir=d,tokenFile=" + empty, "tokenFile=" + empty + " (the file is empty");
    Path twoLines = secret(dir.resolve("two"), "a\nb\n");
    assertError("dir=d,tokenFile=" + twoLines, "tokenFile=" + twoLines + " (holds more than one");
    Path big = secret(dir.resolve("big"), "x".repeat(AgentOptions.MAX_TOKEN_FILE + 1));
    assertError("dir=d,tokenFile=" + big, "tokenFile=" + big + " (larger than 4096 bytes");
    Path shared = secret(dir.resolve("shared"), "s3cret");
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-rw-r--"));
    assertError(
        "dir=d,tokenFile=" + shared, "tokenFile=" + shared + " (writable by group or others");
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(AgentOptions.parse("dir=d,tokenFile=" + shared, Map.of(), Map.of()).token())
        .as("readable by others is the operator's choice (Kubernetes mounts secrets 0644)")
        .isEqualTo("s3cret");
  }

  private static final String EVERY_OPTION =
      "dir=d,window=20s,warmup=3s,check=1s,maxDumps=5,minDumpInterval=1m,"
          + "diskQuota=512m,minFreeDisk=2g,http=127.0.0.1:0,token=s3cret,metrics=0.0.0.0:9404,"
          + "memoryInterval=2s,nativeWindow=1m,nativeWarmup=10s,nearLimit=80";

  private static Path secret(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  private static void assertError(
      Map<String, String> properties, Map<String, String> environment, String messageStart) {
    Map<String, String> env = new LinkedHashMap<>(environment);
    env.putIfAbsent("LEAKSCOPE_DIR", "d");
    assertThatThrownBy(() -> AgentOptions.parse(null, properties, env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(messageStart)
        .hasMessageNotContaining("\n");
  }

  private static void assertError(String args, String messageStart) {
    assertThatThrownBy(() -> AgentOptions.parse(args, Map.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(messageStart)
        .hasMessageNotContaining("\n");
  }
}
