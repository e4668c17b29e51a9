package io.leakscope.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leakscope.watchdog.WatchdogConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {

  @Test
  void durationsTakeMillisecondsSecondsMinutesAndHours() {
    assertThat(AgentOptions.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(AgentOptions.parseDuration("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(AgentOptions.parseDuration("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(AgentOptions.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(AgentOptions.parseDuration("0s")).isEqualTo(Duration.ZERO);
    assertThat(AgentOptions.parseDuration("abc")).isNull();
    assertThat(AgentOptions.parseDuration("30")).isNull();
    assertThat(AgentOptions.parseDuration("-5s")).isNull();
    assertThat(AgentOptions.parseDuration("s")).isNull();
    assertThat(AgentOptions.parseDuration("1.5s")).isNull();
  }

  @Test
  void sizesAreBytesOrPowersOf1024() {
    assertThat(AgentOptions.parseSize("123")).isEqualTo(123);
    assertThat(AgentOptions.parseSize("64k")).isEqualTo(64L << 10);
    assertThat(AgentOptions.parseSize("512m")).isEqualTo(512L << 20);
    assertThat(AgentOptions.parseSize("2G")).isEqualTo(2L << 30);
    assertThat(AgentOptions.parseSize("2x")).isEqualTo(-1);
    assertThat(AgentOptions.parseSize("m")).isEqualTo(-1);
    assertThat(AgentOptions.parseSize("99999999999999g")).isEqualTo(-1);
  }

  @Test
  void onlyDirKeepsEveryDefault() {
    AgentOptions o = AgentOptions.parse("dir=/tmp/ev");
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
    AgentOptions o = AgentOptions.parse("dir=d,window=30s");
    assertThat(o.config().trend().window()).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.config().trend().warmUp()).isEqualTo(Duration.ofSeconds(6));
    assertThat(AgentOptions.parse("dir=d,window=30s,warmup=0s").config().trend().warmUp())
        .isEqualTo(Duration.ZERO);
  }

  @Test
  void everyOptionReachesTheConfig() {
    AgentOptions o =
        AgentOptions.parse(
            "dir=d,window=20s,warmup=3s,check=1s,maxDumps=5,minDumpInterval=1m,"
                + "diskQuota=512m,minFreeDisk=2g,http=127.0.0.1:0,token=s3cret");
    assertThat(o.config().checkInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(o.config().trend().warmUp()).isEqualTo(Duration.ofSeconds(3));
    assertThat(o.config().budget().maxDumps()).isEqualTo(5);
    assertThat(o.config().budget().minTimeBetweenDumps()).isEqualTo(Duration.ofMinutes(1));
    assertThat(o.config().budget().maxDiskBytes()).isEqualTo(512L << 20);
    assertThat(o.config().budget().minFreeDiskBytes()).isEqualTo(2L << 30);
    assertThat(o.http()).hasValueSatisfying(a -> assertThat(a.getPort()).isZero());
    assertThat(o.http().get().getAddress().isLoopbackAddress()).isTrue();
    assertThat(o.token()).isEqualTo("s3cret");
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
  }

  private static void assertError(String args, String messageStart) {
    assertThatThrownBy(() -> AgentOptions.parse(args))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(messageStart)
        .hasMessageNotContaining("\n");
  }
}
