package io.leakscope.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HostNameTest {

  @Test
  void thePodNameFromHostnameComesFirst() {
    assertThat(HostName.of(Map.of("HOSTNAME", "orders-7d9f8c-x2k4q"), () -> "other"))
        .isEqualTo("orders-7d9f8c-x2k4q");
  }

  @Test
  void withoutHostnameTheLocalHostNameIsUsed() {
    assertThat(HostName.of(Map.of(), () -> "build-01.example.org"))
        .isEqualTo("build-01.example.org");
    assertThat(HostName.of(Map.of("HOSTNAME", " "), () -> "box")).isEqualTo("box");
  }

  @Test
  void withNoNameAtAllTheFallbackIsUsed() {
    assertThat(HostName.of(Map.of(), () -> null)).isEqualTo(HostName.UNKNOWN);
    assertThat(
            HostName.of(
                Map.of(),
                () -> {
                  throw new IllegalStateException("no resolver");
                }))
        .isEqualTo(HostName.UNKNOWN);
  }

  @Test
  void namesAreMadeSafeForFileNames() {
    assertThat(HostName.sanitize("pod/../x y:1")).isEqualTo("pod_.._x_y_1");
    assertThat(HostName.sanitize("ünïcode\u0000")).isEqualTo("_n_code_");
    assertThat(HostName.sanitize("..")).isEqualTo(HostName.UNKNOWN);
    assertThat(HostName.sanitize("a".repeat(200))).hasSize(HostName.MAX_LENGTH);
  }

  @Test
  void thisHostsNameIsSafe() {
    assertThat(HostName.current()).matches("[A-Za-z0-9._-]{1,63}").isNotEqualTo("..");
  }
}
