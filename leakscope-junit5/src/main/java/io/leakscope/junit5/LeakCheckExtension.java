package io.leakscope.junit5;

import io.leakscope.junit5.internal.LeakSettings;
import io.leakscope.junit5.internal.ResourceLeakReport;
import io.leakscope.junit5.internal.ResourceRegistry;
import io.leakscope.junit5.internal.ThreadLeakDetector;
import io.leakscope.junit5.internal.ThreadLeakReport;
import io.leakscope.junit5.internal.TrackedResource;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit Jupiter extension behind {@link CheckLeaks}; see there for the behaviour.
 *
 * <p>Usually registered through {@code @CheckLeaks}. Registered directly with
 * {@code @ExtendWith(LeakCheckExtension.class)}, {@code @RegisterExtension}, or for every test
 * through JUnit's extension auto-detection ({@code
 * junit.jupiter.extensions.autodetection.enabled=true}; the jar lists this class in {@code
 * META-INF/services}), it applies the defaults of {@link CheckLeaks} unless the test method or
 * class also carries {@code @CheckLeaks}.
 *
 * <p>Settings come from the annotation, then from these JUnit configuration parameters ({@code
 * junit-platform.properties} or {@code -D} system properties), then built-in defaults:
 *
 * <ul>
 *   <li>{@code leakscope.linger.millis}: as {@link CheckLeaks#lingerMillis()}; 1000 by default.
 *   <li>{@code leakscope.ignore.threads}: as {@link CheckLeaks#ignoreThreads()}, comma-separated.
 *   <li>{@code leakscope.mode}: {@code fail} (the default) fails a leaking test; {@code report}
 *       writes the report to standard error and lets the test pass.
 *   <li>{@code leakscope.fail.threshold}: the number of leaks (leaked threads plus unclosed
 *       resources) from which a test fails; 1 by default. With fewer, the test passes.
 *   <li>{@code leakscope.warn.threshold}: from this number of leaks (1 by default), a test that
 *       does not fail writes the report to standard error as a warning.
 * </ul>
 *
 * <p>A report that does not fail the test is also published as a JUnit report entry named {@code
 * leakscope}. Leaked threads are interrupted only when the test fails.
 *
 * <p>Stateless: per-test state lives in the test's {@link ExtensionContext.Store}, so one instance
 * may serve many tests.
 */
public final class LeakCheckExtension implements BeforeEachCallback, AfterEachCallback {

  private static final Namespace NAMESPACE = Namespace.create(LeakCheckExtension.class);
  private static final String SETTINGS = "settings";
  private static final String DETECTOR = "threadLeakDetector";
  private static final String RESOURCES = "trackedResources";

  /** The annotation's own defaults, so they are written down in one place. */
  @CheckLeaks
  private static final class Defaults {}

  /** Creates the extension; called by JUnit. */
  public LeakCheckExtension() {}

  /**
   * Records the threads alive before the test and starts recording resources passed to {@link
   * LeakTracker#track}.
   *
   * @throws IllegalArgumentException if {@code @CheckLeaks} or a {@code leakscope.*} configuration
   *     parameter is misconfigured; the message names the attribute or parameter
   */
  @Override
  public void beforeEach(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    if (store.get(SETTINGS) != null) {
      return; // registered twice (e.g. auto-detected and @ExtendWith): the first one checks
    }
    CheckLeaks annotation = annotationFor(context);
    LeakSettings settings =
        LeakSettings.resolve(
            annotation.lingerMillis(),
            annotation.ignoreThreads(),
            context::getConfigurationParameter);
    store.put(SETTINGS, settings);
    store.put(DETECTOR, ThreadLeakDetector.startingNow(settings.threadFilter()));
    store.put(RESOURCES, ResourceRegistry.global().begin());
  }

  /**
   * Checks for threads the test started that are still alive after the lingering wait, and for
   * resources it tracked that were not closed. Fails the test (interrupting the threads) or reports
   * them, as configured.
   *
   * @throws AssertionError naming each leaked thread (state and stack) and each unclosed resource
   *     (creation stack), and the test
   */
  @Override
  public void afterEach(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    LeakSettings settings = store.remove(SETTINGS, LeakSettings.class);
    ThreadLeakDetector detector = store.remove(DETECTOR, ThreadLeakDetector.class);
    ResourceRegistry.Scope resources = store.remove(RESOURCES, ResourceRegistry.Scope.class);
    if (settings == null || detector == null || resources == null) {
      return; // beforeEach did not run or failed; that failure is already reported
    }
    // Threads first: a thread may still close resources during the lingering wait.
    List<Thread> leaked = detector.awaitNewThreadsEnded(settings.lingerMillis());
    List<TrackedResource> unclosed = resources.end();
    int leaks = leaked.size() + unclosed.size();
    if (leaks == 0) {
      return;
    }
    List<String> reports = new ArrayList<>(2);
    if (!leaked.isEmpty()) {
      reports.add(
          ThreadLeakReport.describe(
              leaked, context.getDisplayName(), context.getUniqueId(), settings.lingerMillis()));
    }
    if (!unclosed.isEmpty()) {
      reports.add(
          ResourceLeakReport.describe(unclosed, context.getDisplayName(), context.getUniqueId()));
    }
    String report = String.join("\n\n", reports);
    if (settings.mode() == LeakSettings.Mode.REPORT) {
      warn(context, "leakscope: report only (" + LeakSettings.MODE + "=report)", report);
    } else if (leaks < settings.failThreshold()) {
      if (leaks >= settings.warnThreshold()) {
        warn(
            context,
            "leakscope: warning, "
                + leaks
                + (leaks == 1 ? " leak is" : " leaks are")
                + " below "
                + LeakSettings.FAIL_THRESHOLD
                + "="
                + settings.failThreshold(),
            report);
      }
    } else {
      // Interrupt after describing, so the report shows where each thread was stuck; the next test
      // takes a fresh baseline, so a thread that ignores the interrupt does not fail it again.
      for (Thread thread : leaked) {
        thread.interrupt();
      }
      throw new AssertionError(report);
    }
  }

  /** The one place this library writes output: standard error and a JUnit report entry. */
  private static void warn(ExtensionContext context, String headline, String report) {
    System.err.println(headline + "\n" + report);
    context.publishReportEntry("leakscope", headline + "\n" + report);
  }

  /** Method annotation first, then the test class and its enclosing classes, then defaults. */
  private static CheckLeaks annotationFor(ExtensionContext context) {
    Optional<CheckLeaks> onMethod = context.getTestMethod().flatMap(LeakCheckExtension::find);
    if (onMethod.isPresent()) {
      return onMethod.get();
    }
    for (Class<?> type = context.getTestClass().orElse(null);
        type != null;
        type = type.getEnclosingClass()) {
      Optional<CheckLeaks> onType = find(type);
      if (onType.isPresent()) {
        return onType.get();
      }
    }
    return find(Defaults.class).orElseThrow();
  }

  private static Optional<CheckLeaks> find(AnnotatedElement element) {
    return AnnotationSupport.findAnnotation(element, CheckLeaks.class);
  }
}
