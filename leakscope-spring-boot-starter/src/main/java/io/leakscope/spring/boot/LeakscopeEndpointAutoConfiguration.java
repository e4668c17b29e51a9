package io.leakscope.spring.boot;

import io.leakscope.watchdog.Watchdog;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * With Spring Boot Actuator: the endpoint {@code leakscope} ({@link LeakscopeEndpoint}) and its
 * download of evidence files ({@link LeakscopeEvidenceWebExtension}), when the endpoint is exposed
 * and accessible, as Actuator decides for every endpoint ({@code
 * management.endpoints.web.exposure.include}, {@code management.endpoint.leakscope.access}). Each
 * backs off when the application defines its own bean of that type.
 */
@AutoConfiguration(after = LeakscopeAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(Watchdog.class)
@ConditionalOnAvailableEndpoint(LeakscopeEndpoint.class)
@EnableConfigurationProperties(LeakscopeProperties.class)
public final class LeakscopeEndpointAutoConfiguration {

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
