package io.leakscope.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fails a test that leaves threads running.
 *
 * <p>Before each test the live platform threads are recorded; after the test (after its
 * {@code @AfterEach} methods) every thread that appeared meanwhile must have ended within {@link
 * #lingerMillis()}. Threads still alive then fail the test with an {@link AssertionError} that
 * names each thread, its state, daemon flag and top stack frames, and the test's unique id. The
 * leaked threads are then interrupted, and the next test starts from a fresh baseline, so one leak
 * fails one test.
 *
 * <p>On a class the check applies to every test in it, including {@code @Nested} classes and
 * subclasses; on a method, to that test. When both are present, the method's annotation wins
 * entirely (its attributes are not merged with the class's).
 *
 * <p>Threads that the JDK, JUnit and build tools start lazily (for example {@code
 * ForkJoinPool.commonPool} workers, {@code process reaper}, {@code Attach Listener}) are never
 * reported. Threads that existed before the test, including those started in {@code @BeforeAll},
 * are not checked.
 *
 * <p>The check sees the whole JVM, so run annotated tests sequentially: with JUnit's parallel
 * execution a thread started by a concurrent test would be reported here.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(LeakCheckExtension.class)
public @interface CheckLeaks {

  /**
   * How long, in milliseconds, threads started during the test may take to end after it. The
   * check polls about every 10 ms and passes as soon as they have ended, so a test without leaks
   * does not wait. Must be {@code 0} or more.
   *
   * @return the lingering wait in milliseconds; 1000 by default
   */
  long lingerMillis() default 1000;

  /**
   * Regular expressions ({@link java.util.regex.Pattern} syntax) for names of threads that are not
   * leaks. A pattern must match the whole thread name, as with {@link String#matches(String)}; for
   * example {@code "kafka-producer-.*"}.
   *
   * @return the ignore patterns; none by default
   */
  String[] ignoreThreads() default {};
}
