package io.leakscope.junit5.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Decides which new threads are not leaks: JDK, JUnit and build-tool threads that start lazily
 * (built in), plus the user's name patterns.
 *
 * <p>Built-in entries are exact names or narrow patterns rather than prefixes, so that a user's
 * {@code "Finalizer-thread"} or {@code "pool-1-thread-1"} is still reported. Infrastructure threads
 * whose names look like user threads (JUnit's parallel workers, virtual-thread carriers, both named
 * {@code ForkJoinPool-N-worker-M}) are recognised by their class instead.
 *
 * <p>Immutable and thread-safe.
 */
public final class ThreadFilter {

  private static final Pattern BUILT_IN_NAMES =
      Pattern.compile(
          String.join(
              "|",
              // JVM and JDK system threads. Most exist before any test, but some start on demand:
              // Attach Listener when jcmd attaches, process reaper on the first Process.
              "Reference Handler",
              "Finalizer",
              "Signal Dispatcher",
              "Common-Cleaner",
              "Attach Listener",
              "Notification Thread",
              "process reaper(-\\d+)?",
              "ForkJoinPool\\.commonPool-worker-\\d+",
              "InnocuousThread-\\d+",
              // Virtual-thread support (JDK 21+), started on first use.
              "VirtualThread-unparker",
              "(Read|Write)-Poller",
              // JDK HTTP keep-alive caches, JFR and JMX agents.
              "Keep-Alive-(Timer|SocketCleaner)",
              "JFR .*",
              "RMI (TCP Accept|Scheduler|Reaper|RenewClean).*",
              "GC Daemon",
              // Build tools and JUnit.
              "surefire-forkedjvm-.*",
              "last-ditch-daemon-shutdown-thread-.*",
              "junit-jupiter-timeout-watcher",
              "Test worker",
              // Our own: records tracked resources that are collected while open.
              ResourceRegistry.CLEANER_THREAD));

  private static final Set<String> BUILT_IN_CLASSES =
      Set.of(
          "jdk.internal.misc.CarrierThread",
          "org.junit.platform.engine.support.hierarchical"
              + ".ForkJoinPoolHierarchicalTestExecutorService$WorkerThread");

  private final List<Pattern> userPatterns;

  private ThreadFilter(List<Pattern> userPatterns) {
    this.userPatterns = List.copyOf(userPatterns);
  }

  /**
   * Returns a filter of the built-in threads and the given name patterns, from
   * {@code @CheckLeaks(ignoreThreads)}.
   *
   * @param ignoreThreads regular expressions that must match a whole thread name; not null
   * @throws IllegalArgumentException if a pattern does not compile; the message names it
   */
  public static ThreadFilter of(String... ignoreThreads) {
    return of("@CheckLeaks ignoreThreads", List.of(ignoreThreads));
  }

  /**
   * Returns a filter of the built-in threads and the given name patterns.
   *
   * @param source where the patterns come from, named in error messages; not null
   * @param ignoreThreads regular expressions that must match a whole thread name; not null
   * @throws IllegalArgumentException if a pattern does not compile; the message names the source,
   *     the index and the pattern
   */
  public static ThreadFilter of(String source, List<String> ignoreThreads) {
    List<Pattern> patterns = new ArrayList<>(ignoreThreads.size());
    for (int i = 0; i < ignoreThreads.size(); i++) {
      try {
        patterns.add(Pattern.compile(ignoreThreads.get(i)));
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            source
                + "["
                + i
                + "]: \""
                + ignoreThreads.get(i)
                + "\" is not a regular expression: "
                + e.getDescription(),
            e);
      }
    }
    return new ThreadFilter(patterns);
  }

  /** Returns whether {@code thread} is infrastructure or matches a user pattern. */
  public boolean ignores(Thread thread) {
    String name = thread.getName();
    if (BUILT_IN_NAMES.matcher(name).matches()
        || BUILT_IN_CLASSES.contains(thread.getClass().getName())) {
      return true;
    }
    for (Pattern pattern : userPatterns) {
      if (pattern.matcher(name).matches()) {
        return true;
      }
    }
    return false;
  }
}
