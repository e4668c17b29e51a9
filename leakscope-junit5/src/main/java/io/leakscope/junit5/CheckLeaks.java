package io.leakscope.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fails a test that leaves threads running or resources tracked with {@link LeakTracker} open.
 *
 * <p>Before each test the live platform threads are recorded; after the test (after its
 * {@code @AfterEach} methods) every thread that appeared meanwhile must have ended within {@link
 * #lingerMillis()}. Threads still alive then fail the test with an {@link AssertionError} that
 * names each thread, its state, daemon flag and top stack frames, and the test's unique id. The
 * leaked threads are then interrupted, and the next test starts from a fresh baseline, so one leak
 * fails one test.
 *
 * <p>Resources passed to {@link LeakTracker#track} during the test, on any thread, must have been
 * passed to {@link LeakTracker#closed} by then too; each one that was not fails the test with the
 * stack where it was tracked.
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
 * <p>Configuration parameters ({@code leakscope.mode}, thresholds) can turn failures into reports
 * or warnings; see {@link LeakCheckExtension}.
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
   * How long, in milliseconds, threads started during the test may take to end after it. The check
   * polls about every 10 ms and passes as soon as they have ended, so a test without leaks does not
   * wait. Must be {@code 0} or more.
   *
   * <p>When not set (the default, {@code Long.MIN_VALUE}), the JUnit configuration parameter {@code
   * leakscope.linger.millis} applies, or 1000 ms if that is not set either.
   *
   * @return the lingering wait in milliseconds, or {@code Long.MIN_VALUE} for the configured one
   */
  long lingerMillis() default Long.MIN_VALUE;

  /**
   * Regular expressions ({@link java.util.regex.Pattern} syntax) for names of threads that are not
   * leaks. A pattern must match the whole thread name, as with {@link String#matches(String)}; for
   * example {@code "kafka-producer-.*"}.
   *
   * <p>When empty (the default), the comma-separated patterns of the JUnit configuration parameter
   * {@code leakscope.ignore.threads} apply, if set. Patterns given here replace those.
   *
   * @return the ignore patterns; none by default
   */
  String[] ignoreThreads() default {};
}
