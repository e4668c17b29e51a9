package io.leakscope.junit5;

import io.leakscope.junit5.internal.ThreadFilter;
import io.leakscope.junit5.internal.ThreadLeakDetector;
import io.leakscope.junit5.internal.ThreadLeakReport;
import java.lang.reflect.AnnotatedElement;
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
 * <p>Usually registered through {@code @CheckLeaks}. Registered directly with {@code
 * @ExtendWith(LeakCheckExtension.class)} or {@code @RegisterExtension}, it applies the defaults of
 * {@link CheckLeaks} unless the test method or class also carries {@code @CheckLeaks}.
 *
 * <p>Stateless: per-test state lives in the test's {@link ExtensionContext.Store}, so one instance
 * may serve many tests.
 */
public final class LeakCheckExtension implements BeforeEachCallback, AfterEachCallback {

  private static final Namespace NAMESPACE = Namespace.create(LeakCheckExtension.class);
  private static final String DETECTOR = "threadLeakDetector";

  /** The annotation's own defaults, so they are written down in one place. */
  @CheckLeaks
  private static final class Defaults {}

  /** Creates the extension; called by JUnit. */
  public LeakCheckExtension() {}

  /**
   * Records the threads alive before the test.
   *
   * @throws IllegalArgumentException if {@code @CheckLeaks} is misconfigured; the message names
   *     the attribute
   */
  @Override
  public void beforeEach(ExtensionContext context) {
    CheckLeaks settings = settingsFor(context);
    if (settings.lingerMillis() < 0) {
      throw new IllegalArgumentException(
          "@CheckLeaks lingerMillis: " + settings.lingerMillis() + " (expected: 0+)");
    }
    ThreadFilter filter = ThreadFilter.of(settings.ignoreThreads());
    context.getStore(NAMESPACE).put(DETECTOR, ThreadLeakDetector.startingNow(filter));
  }

  /**
   * Fails the test if threads it started are still alive after the lingering wait, then interrupts
   * them.
   *
   * @throws AssertionError naming each leaked thread, its state and stack, and the test
   */
  @Override
  public void afterEach(ExtensionContext context) {
    ThreadLeakDetector detector =
        context.getStore(NAMESPACE).remove(DETECTOR, ThreadLeakDetector.class);
    if (detector == null) {
      return; // beforeEach did not run or failed; that failure is already reported
    }
    long lingerMillis = settingsFor(context).lingerMillis();
    List<Thread> leaked = detector.awaitNewThreadsEnded(lingerMillis);
    if (leaked.isEmpty()) {
      return;
    }
    String message =
        ThreadLeakReport.describe(
            leaked, context.getDisplayName(), context.getUniqueId(), lingerMillis);
    // Interrupt after describing, so the report shows where each thread was stuck; the next test
    // takes a fresh baseline, so a thread that ignores the interrupt does not fail it again.
    for (Thread thread : leaked) {
      thread.interrupt();
    }
    throw new AssertionError(message);
  }

  /** Method annotation first, then the test class and its enclosing classes, then defaults. */
  private static CheckLeaks settingsFor(ExtensionContext context) {
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
