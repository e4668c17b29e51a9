/**
 * The in-process leak watchdog: notices a growing live set, captures evidence within budgets.
 *
 * <p>{@code java.management} is required, and read by users of this module too: the live set and
 * every signal come from its MXBeans, and the exported API names its types ({@code
 * MBeanServerConnection}, {@code MemoryPoolMXBean}). It is not optional: without it the watchdog
 * cannot start (on the class path, where the agent runs it, {@code Watchdog.start} then throws
 * {@code NoClassDefFoundError}).
 *
 * <p>{@code jdk.management} and {@code jdk.httpserver} are optional ({@code requires static}): the
 * watchdog runs without them and says what it cannot do. Without {@code jdk.management} it polls
 * the live set from the memory pools and skips heap dumps, class histograms, class-loader and
 * file-descriptor counts ({@link io.leakscope.watchdog.Watchdog#limitations()}); without {@code
 * jdk.httpserver} {@link io.leakscope.watchdog.DiagnosticsServer#start} throws {@link
 * UnsupportedOperationException}. An optional module is used only when it is resolved: a modular
 * application that wants heap dumps, histograms and the endpoint requires {@code jdk.management}
 * and {@code jdk.httpserver} itself, or is launched with {@code --add-modules
 * jdk.management,jdk.httpserver}, and a {@code jlink} image for it must include them. (On a full
 * JDK 17 or 25, {@code java -p … -m app} resolves {@code jdk.management} anyway, by service binding
 * for {@code java.management}, but not {@code jdk.httpserver}.) Tested by {@code
 * ModularRuntimeTest}.
 */
module io.leakscope.watchdog {
  requires transitive java.management;
  requires static jdk.httpserver;
  requires static jdk.management;

  exports io.leakscope.watchdog;
// io.leakscope.watchdog.json (the JSON writer and reader) is internal: not exported, used from
// the class path by leakscope's command line and demo service.
}
