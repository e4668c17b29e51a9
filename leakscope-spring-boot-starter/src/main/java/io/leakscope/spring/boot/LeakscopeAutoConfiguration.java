package io.leakscope.spring.boot;

import io.leakscope.watchdog.Watchdog;
import io.leakscope.watchdog.WatchdogConfig;
import java.io.IOException;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Starts a {@link Watchdog} from the {@code leakscope.*} properties ({@link LeakscopeProperties})
 * and closes it when the application context closes. Off with {@code leakscope.enabled=false}; not
 * started when the application defines its own {@code Watchdog} bean, nor when the leakscope agent
 * is attached to the JVM (it runs its own: see {@link AttachedAgent}).
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "leakscope.enabled", matchIfMissing = true)
@EnableConfigurationProperties(LeakscopeProperties.class)
public final class LeakscopeAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @Conditional(AttachedAgent.Absent.class)
  Watchdog leakscopeWatchdog(LeakscopeProperties properties) {
    WatchdogConfig config = properties.toConfig();
    try {
      return Watchdog.start(config);
    } catch (IOException e) {
      throw LeakscopeProperties.invalid(
          "leakscope.evidence-dir",
          config.evidenceDir(),
          "cannot create the directory or its event log (" + e + ")");
    }
  }
}
