/**
 * Spring Boot auto-configuration for the leakscope watchdog: a {@code Watchdog} bean from the
 * {@code leakscope.*} properties, its Micrometer meters, the Actuator endpoint {@code
 * /actuator/leakscope} and the health contributor {@code leakscope}.
 */
@NullMarked
package io.leakscope.spring.boot;

import org.jspecify.annotations.NullMarked;
