package io.leakscope.watchdog;

/**
 * Whether this runtime has the module {@code jdk.management}, home of {@code com.sun.management}:
 * GC notifications, {@code HotSpotDiagnosticMXBean} (heap dumps), the {@code DiagnosticCommand}
 * MBean (class histograms, class loader statistics) and the Unix file-descriptor counts.
 *
 * <p>A runtime made with {@code jlink} may leave it out while keeping {@code java.management}. The
 * watchdog then runs on what {@code java.management} gives (live set polled from the pools' usage
 * after GC, threads, classes, buffer pools) and says once, at start, what it cannot do. Code that
 * names a {@code com.sun.management} type runs only when {@link #PRESENT} is true: touching one in
 * such a runtime throws {@link NoClassDefFoundError}, which in an agent's {@code premain} aborts
 * the JVM.
 *
 * <p>The module descriptor {@code requires static jdk.management}: on the module path it is there
 * only when resolved (a {@code jlink} image without it, or {@code --limit-modules}, leaves it out),
 * and this class asks the same question on the class path and on the module path.
 */
final class JdkManagement {

  /** True when {@code jdk.management} is in the boot layer and this module reads it. */
  static final boolean PRESENT = readable("jdk.management");

  /** The reason given for everything that needs it when it is missing. */
  static final String MISSING = "module jdk.management is not in this runtime";

  private JdkManagement() {}

  /**
   * Whether the module {@code name} is in the boot layer and the watchdog's module reads it: always
   * so on the class path (the unnamed module reads every module) and, for a {@code requires static}
   * module, whenever it was resolved. Only then may code name its types.
   */
  static boolean readable(String name) {
    return ModuleLayer.boot()
        .findModule(name)
        .map(JdkManagement.class.getModule()::canRead)
        .orElse(false);
  }
}
