package io.leakscope.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.micrometer.LeakscopeMetrics;
import io.leakscope.watchdog.Watchdog;
import io.leakscope.watchdog.WatchdogConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Which beans the starter adds, and when it stays out of the way. */
class LeakscopeAutoConfigurationTest {

  @TempDir Path dir;

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                LeakscopeAutoConfiguration.class,
                LeakscopeMetricsAutoConfiguration.class,
                LeakscopeEndpointAutoConfiguration.class,
                LeakscopeHealthAutoConfiguration.class))
        .withPropertyValues(
            "leakscope.evidence-dir=" + dir, "management.endpoints.web.exposure.include=leakscope");
  }

  private static List<String> events(Path dir) {
    try {
      return Files.readAllLines(dir.resolve("events.jsonl"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void startsAWatchdogWithEndpointAndHealthAndClosesItWithTheContext() {
    runner()
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(Watchdog.class);
              assertThat(context.getBean(Watchdog.class).evidenceDir()).isEqualTo(dir);
              assertThat(context).hasSingleBean(LeakscopeEndpoint.class);
              assertThat(context).hasSingleBean(LeakscopeEvidenceWebExtension.class);
              assertThat(context).hasBean("leakscopeHealthIndicator");
              // No MeterRegistry in this context: no binder.
              assertThat(context).doesNotHaveBean(LeakscopeMetrics.class);
              assertThat(events(dir)).anySatisfy(e -> assertThat(e).contains("WATCHDOG_STARTED"));
              assertThat(events(dir)).noneSatisfy(e -> assertThat(e).contains("WATCHDOG_STOPPED"));
            });
    List<String> events = events(dir);
    assertThat(events.get(events.size() - 1)).contains("\"WATCHDOG_STOPPED\"");
  }

  @Test
  void bindsTheMetersWhenAMeterRegistryExists() {
    runner()
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(context -> assertThat(context).hasSingleBean(LeakscopeMetrics.class));
  }

  @Test
  void g1CyclesZeroAsksForNoneAndANegativeOneIsRefusedByName() {
    runner()
        .withPropertyValues("leakscope.g1-cycles=0")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(events(dir))
                  .anySatisfy(
                      e ->
                          assertThat(e)
                              .contains("WATCHDOG_STARTED")
                              .contains("\"g1CycleEvery\":\"off\""));
            });
    runner()
        .withPropertyValues("leakscope.g1-cycles=-1s")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .hasRootCauseInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .rootCause()
                    .hasMessageContaining("leakscope.g1-cycles"));
  }

  @Test
  void offWithEnabledFalse() {
    runner()
        .withPropertyValues("leakscope.enabled=false")
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(
            context -> {
              assertThat(context).hasNotFailed().doesNotHaveBean(Watchdog.class);
              assertThat(context).doesNotHaveBean(LeakscopeEndpoint.class);
              assertThat(context).doesNotHaveBean("leakscopeHealthIndicator");
              assertThat(context).doesNotHaveBean(LeakscopeMetrics.class);
            });
    assertThat(dir.resolve("events.jsonl")).doesNotExist();
  }

  @Test
  void anApplicationsOwnWatchdogReplacesTheStartersAndGetsTheEndpoint() throws IOException {
    Path own = Files.createDirectory(dir.resolve("own"));
    try (Watchdog watchdog = Watchdog.start(WatchdogConfig.defaults(own))) {
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  LeakscopeAutoConfiguration.class,
                  LeakscopeEndpointAutoConfiguration.class,
                  LeakscopeHealthAutoConfiguration.class))
          .withPropertyValues(
              "leakscope.evidence-dir=" + dir.resolve("starter"),
              "management.endpoints.web.exposure.include=leakscope")
          .withBean(Watchdog.class, () -> watchdog)
          .run(
              context -> {
                assertThat(context).hasSingleBean(Watchdog.class);
                assertThat(context.getBean(Watchdog.class)).isSameAs(watchdog);
                assertThat(context).hasSingleBean(LeakscopeEndpoint.class);
              });
      assertThat(dir.resolve("starter")).doesNotExist();
    }
  }

  @Test
  void theHealthContributorAndTheEndpointFollowActuatorsSwitches() {
    runner()
        .withPropertyValues(
            "management.health.leakscope.enabled=false",
            "management.endpoints.web.exposure.include=health")
        .run(
            context -> {
              assertThat(context).hasSingleBean(Watchdog.class);
              assertThat(context).doesNotHaveBean("leakscopeHealthIndicator");
              assertThat(context).doesNotHaveBean(LeakscopeEndpoint.class);
            });
  }

  /**
   * An application that takes the starter's auto-configurations as a real one does: through Spring
   * Boot's import selector, whose filter drops an auto-configuration whose classes are missing
   * before it is read. (Only the starter's: Spring Boot's own Actuator auto-configurations cannot
   * be loaded under a class loader that hides their classes but not their import lists.)
   */
  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration({
    LeakscopeAutoConfiguration.class,
    LeakscopeMetricsAutoConfiguration.class,
    LeakscopeEndpointAutoConfiguration.class,
    LeakscopeHealthAutoConfiguration.class
  })
  static class AutoConfiguredApplication {}

  /**
   * Without Actuator (and its health module) or Micrometer on the class path: the watchdog alone,
   * and the application starts.
   */
  @Test
  void withoutActuatorOrMicrometerOnlyTheWatchdog() {
    new ApplicationContextRunner()
        .withUserConfiguration(AutoConfiguredApplication.class)
        .withPropertyValues("leakscope.evidence-dir=" + dir)
        .withClassLoader(
            new FilteredClassLoader(
                "org.springframework.boot.actuate.",
                "org.springframework.boot.health.",
                "org.springframework.boot.micrometer.",
                "io.micrometer."))
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(Watchdog.class);
              assertThat(context).doesNotHaveBean(LeakscopeEndpoint.class);
              assertThat(context).doesNotHaveBean("leakscopeHealthIndicator");
              assertThat(context).doesNotHaveBean(LeakscopeMetrics.class);
            });
  }

  @ParameterizedTest
  @CsvSource({
    "leakscope.window, 0s, must be positive",
    "leakscope.warm-up, -1s, must be zero or positive",
    "leakscope.check-interval, 0ms, must be positive",
    "leakscope.max-dumps, 0, must be 1 or more",
    "leakscope.min-dump-interval, -1m, must be zero or positive",
    "leakscope.disk-quota, 0B, must be 1 byte or more",
    "leakscope.min-free-disk, -1MB, must be zero or more",
  })
  void aValueOutOfRangeStopsTheStartWithThePropertyItsValueAndTheRange(
      String property, String value, String reason) {
    assertStartFails(property + "=" + value, property, reason);
  }

  private void assertStartFails(String setting, String property, String reason) {
    runner()
        .withPropertyValues(setting)
        .run(
            context -> {
              assertThat(context).hasFailed();
              InvalidConfigurationPropertyValueException e =
                  rootOfType(
                      context.getStartupFailure(),
                      InvalidConfigurationPropertyValueException.class);
              assertThat(e.getName()).isEqualTo(property);
              assertThat(e.getMessage()).contains(reason);
            });
  }

  @Test
  void anEvidenceDirectoryThatCannotBeCreatedIsNamed() throws IOException {
    Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
    assertStartFails(
        "leakscope.evidence-dir=" + file.resolve("evidence"),
        "leakscope.evidence-dir",
        "cannot create the directory");
  }

  @Test
  void theWarmUpIsAFifthOfTheWindowUnlessGiven() {
    LeakscopeProperties properties = new LeakscopeProperties();
    properties.setEvidenceDir(dir);
    properties.setWindow(Duration.ofMinutes(5));
    assertThat(properties.toConfig().trend().warmUp()).isEqualTo(Duration.ofMinutes(1));
    properties.setWarmUp(Duration.ZERO);
    assertThat(properties.toConfig().trend().warmUp()).isEqualTo(Duration.ZERO);
    // The defaults are the agent's, which are the watchdog's.
    LeakscopeProperties defaults = new LeakscopeProperties();
    defaults.setEvidenceDir(dir);
    WatchdogConfig expected = WatchdogConfig.defaults(dir);
    assertThat(defaults.toConfig().trend()).isEqualTo(expected.trend());
    assertThat(defaults.toConfig().budget()).isEqualTo(expected.budget());
    assertThat(defaults.toConfig().checkInterval()).isEqualTo(expected.checkInterval());
  }

  /**
   * A flat live set judged: the contributor goes from UNKNOWN (no verdict yet) to UP, never UP
   * before. Full collections of this JVM, which does not grow, give the readings.
   */
  @Test
  void healthIsUnknownUntilAVerdictThenUpForAFlatLiveSet() {
    runner()
        .withPropertyValues(
            "leakscope.window=4s", "leakscope.warm-up=0s", "leakscope.check-interval=100ms")
        .run(
            context -> {
              Watchdog watchdog = context.getBean(Watchdog.class);
              LeakscopeHealthIndicator health =
                  context.getBean("leakscopeHealthIndicator", LeakscopeHealthIndicator.class);
              long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
              Health h = health.health();
              assertThat(h.getStatus()).isEqualTo(Status.UNKNOWN);
              while (h.getStatus().equals(Status.UNKNOWN) && System.nanoTime() < deadline) {
                assertThat(h.getDetails()).containsEntry("state", "insufficient-data");
                System.gc();
                Thread.sleep(150);
                h = health.health();
              }
              assertThat(h.getStatus()).isEqualTo(Status.UP);
              assertThat(h.getDetails()).containsEntry("state", "healthy");
              assertThat(watchdog.latestVerdict().samples()).isGreaterThanOrEqualTo(8);
            });
  }

  private static <T extends Throwable> T rootOfType(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " in " + failure, failure);
  }
}
