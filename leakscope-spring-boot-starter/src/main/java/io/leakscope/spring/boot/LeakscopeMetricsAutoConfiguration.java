package io.leakscope.spring.boot;

import io.leakscope.micrometer.LeakscopeMetrics;
import io.leakscope.watchdog.Watchdog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The watchdog's meters ({@code leakscope_*} in Prometheus): a {@link LeakscopeMetrics} {@link
 * MeterBinder} bean, which Spring Boot binds to every {@link MeterRegistry} it manages. Only with
 * Micrometer on the class path and a registry in the context (Spring Boot's {@code
 * spring-boot-micrometer-metrics}, which {@code spring-boot-starter-actuator} brings), in the same
 * way as Spring Boot's own JVM meters.
 */
@AutoConfiguration(
    after = LeakscopeAutoConfiguration.class,
    // By name: spring-boot-micrometer-metrics is optional.
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"
    })
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean(MeterRegistry.class)
public final class LeakscopeMetricsAutoConfiguration {

  @Bean
  @ConditionalOnBean(Watchdog.class)
  @ConditionalOnMissingBean
  LeakscopeMetrics leakscopeMetrics(Watchdog watchdog) {
    return new LeakscopeMetrics(watchdog);
  }

  /**
   * With the agent attached the starter runs no watchdog of its own: the meters then read the
   * agent's, through its platform MXBean (see {@link LeakscopeMetrics#fromAgent()}), so an
   * application with the agent gets its {@code leakscope_*} series on {@code /actuator/prometheus}
   * too. Nothing is bound when neither exists.
   */
  @Bean
  @ConditionalOnMissingBean({Watchdog.class, LeakscopeMetrics.class})
  MeterBinder leakscopeAgentMetrics() {
    return registry -> LeakscopeMetrics.fromAgent().ifPresent(metrics -> metrics.bindTo(registry));
  }
}
