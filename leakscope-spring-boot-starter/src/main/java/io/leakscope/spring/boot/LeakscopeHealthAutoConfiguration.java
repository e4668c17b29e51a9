package io.leakscope.spring.boot;

import io.leakscope.watchdog.Watchdog;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;

/**
 * With Spring Boot's health support ({@code spring-boot-health}, which Actuator brings): the health
 * contributor {@code leakscope} ({@link LeakscopeHealthIndicator}); off with {@code
 * management.health.leakscope.enabled=false}, replaced by a bean of the application's own named
 * {@code leakscopeHealthIndicator}.
 */
@AutoConfiguration(
    after = LeakscopeAutoConfiguration.class,
    // By name: spring-boot-health is optional.
    beforeName =
        "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass(Health.class)
@ConditionalOnBean(Watchdog.class)
@ConditionalOnEnabledHealthIndicator("leakscope")
public final class LeakscopeHealthAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "leakscopeHealthIndicator")
  LeakscopeHealthIndicator leakscopeHealthIndicator(Watchdog watchdog) {
    return new LeakscopeHealthIndicator(watchdog);
  }
}
