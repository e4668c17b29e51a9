package io.leakscope.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leakscope.testing.PrometheusExposition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The two text formats, written by hand from their specifications (the Prometheus exposition format
 * 0.0.4 and OpenMetrics 1.0), then read back by the strict parser of the test fixtures.
 */
class ExpositionTest {

  private static final List<Exposition.Family> FAMILIES =
      List.of(
          new Exposition.Family(
              "app_wait_seconds",
              Exposition.Type.GAUGE,
              "seconds",
              "Wait with a \\ backslash, a \"quote\"\nand a newline",
              List.of(
                  new Exposition.Sample(List.of("path", "C:\\x \"y\"\nz"), 1.5),
                  new Exposition.Sample(List.of("path", "plain"), Double.NaN))),
          new Exposition.Family(
              "app_requests",
              Exposition.Type.COUNTER,
              null,
              "Requests",
              List.of(new Exposition.Sample(List.of(), 42))));

  @Test
  void textFormatNamesCountersWithTotalAndHasNoUnitOrEof() {
    assertThat(Exposition.write(FAMILIES, false))
        .isEqualTo(
            """
            # HELP app_wait_seconds Wait with a \\\\ backslash, a "quote"\\nand a newline
            # TYPE app_wait_seconds gauge
            app_wait_seconds{path="C:\\\\x \\"y\\"\\nz"} 1.5
            app_wait_seconds{path="plain"} NaN
            # HELP app_requests_total Requests
            # TYPE app_requests_total counter
            app_requests_total 42
            """);
  }

  @Test
  void openMetricsNamesCounterFamiliesWithoutTotalHasUnitsAndEndsWithEof() {
    assertThat(Exposition.write(FAMILIES, true))
        .isEqualTo(
            """
            # HELP app_wait_seconds Wait with a \\\\ backslash, a \\"quote\\"\\nand a newline
            # TYPE app_wait_seconds gauge
            # UNIT app_wait_seconds seconds
            app_wait_seconds{path="C:\\\\x \\"y\\"\\nz"} 1.5
            app_wait_seconds{path="plain"} NaN
            # HELP app_requests Requests
            # TYPE app_requests counter
            app_requests_total 42
            # EOF
            """);
  }

  @Test
  void bothFormatsReadBackStrictlyWithTheLabelValueAndHelpIntact() {
    for (boolean openMetrics : new boolean[] {false, true}) {
      Map<String, PrometheusExposition.Family> parsed =
          PrometheusExposition.parse(Exposition.write(FAMILIES, openMetrics), openMetrics);
      PrometheusExposition.Family wait = parsed.get("app_wait_seconds");
      assertThat(wait.help()).isEqualTo("Wait with a \\ backslash, a \"quote\"\nand a newline");
      assertThat(wait.samples().get(0).labels()).containsEntry("path", "C:\\x \"y\"\nz");
      assertThat(wait.unit()).isEqualTo(openMetrics ? "seconds" : null);
      assertThat(PrometheusExposition.sampleTypes(parsed))
          .containsExactly(
              Map.entry("app_wait_seconds", "gauge"), Map.entry("app_requests_total", "counter"));
    }
  }

  @Test
  void numbersAreWholeWhenExactElseShortestDecimalAndSpecialsAsTheSpecSpellsThem() {
    assertThat(Exposition.number(3)).isEqualTo("3");
    assertThat(Exposition.number(-0.0)).isEqualTo("0");
    assertThat(Exposition.number(1L << 40)).isEqualTo("1099511627776");
    assertThat(Exposition.number(0.25)).isEqualTo("0.25");
    assertThat(Exposition.number(1e20)).isEqualTo("1.0E20");
    assertThat(Exposition.number(1.5e-7)).isEqualTo("1.5E-7");
    assertThat(Exposition.number(Double.NaN)).isEqualTo("NaN");
    assertThat(Exposition.number(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    assertThat(Exposition.number(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
  }

  @Test
  void openMetricsOnlyWhenTheClientPrefersIt() {
    // What Prometheus 2.x and 3.x send.
    assertThat(
            Exposition.wantsOpenMetrics(
                "application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
                    + "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"))
        .isTrue();
    assertThat(
            Exposition.wantsOpenMetrics(
                "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,"
                    + "application/openmetrics-text;version=0.0.1;q=0.5,text/plain;"
                    + "version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,"
                    + "*/*;q=0.2"))
        .isTrue();
    assertThat(Exposition.wantsOpenMetrics("Application/OpenMetrics-Text")).isTrue();
    assertThat(Exposition.wantsOpenMetrics(null)).isFalse();
    assertThat(Exposition.wantsOpenMetrics("*/*")).isFalse();
    assertThat(Exposition.wantsOpenMetrics("text/plain")).isFalse();
    assertThat(Exposition.wantsOpenMetrics("text/plain,application/openmetrics-text;q=0.5"))
        .isFalse();
    assertThat(Exposition.wantsOpenMetrics("application/openmetrics-text;q=0")).isFalse();
    assertThat(Exposition.wantsOpenMetrics("application/openmetrics-text;q=x")).isFalse();
  }

  @Test
  void aFamilyWhoseNameDoesNotEndWithItsUnitOrACounterNamedWithTotalIsRefused() {
    assertThatThrownBy(
            () ->
                new Exposition.Family("app_wait", Exposition.Type.GAUGE, "seconds", "", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new Exposition.Family("app_total", Exposition.Type.COUNTER, null, "", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new Exposition.Family("1app", Exposition.Type.GAUGE, null, "", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
