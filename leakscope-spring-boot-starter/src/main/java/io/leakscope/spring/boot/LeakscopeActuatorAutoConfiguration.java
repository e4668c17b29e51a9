package io.leakscope.spring.boot;

import io.leakscope.watchdog.Watchdog;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With Spring Boot Actuator: the endpoint {@code leakscope} (when exposed and accessible, as
 * Actuator decides for every endpoint) and the health contributor {@code leakscope} (off with
 * {@code management.health.leakscope.enabled=false}). Each backs off when the application defines
 * its own bean of that type.
 */
@AutoConfiguration(
    after = LeakscopeAutoConfiguration.class,
    // By name: spring-boot-health is optional.
    beforeName =
        "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnBean(Watchdog.class)
@EnableConfigurationProperties(LeakscopeProperties.class)
public final class LeakscopeActuatorAutoConfiguration {

  /** The endpoint and its download of evidence files. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(Endpoint.class)
  @ConditionalOnAvailableEndpoint(LeakscopeEndpoint.class)
  static final class EndpointConfiguration {

    @Bean
    @ConditionalOnMissingBean
    LeakscopeEndpoint leakscopeEndpoint(Watchdog watchdog) {
      return new LeakscopeEndpoint(watchdog);
    }

    @Bean
    @ConditionalOnMissingBean
    LeakscopeEvidenceWebExtension leakscopeEvidenceWebExtension(
        Watchdog watchdog, LeakscopeProperties properties) {
      return new LeakscopeEvidenceWebExtension(watchdog, properties.isEvidenceDownload());
    }
  }

  /** The health contributor. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(Health.class)
  @ConditionalOnEnabledHealthIndicator("leakscope")
  static final class HealthConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "leakscopeHealthIndicator")
    LeakscopeHealthIndicator leakscopeHealthIndicator(Watchdog watchdog) {
      return new LeakscopeHealthIndicator(watchdog);
    }
  }
}
