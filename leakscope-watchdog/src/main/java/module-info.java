/** The in-process leak watchdog: notices a growing live set, captures evidence within budgets. */
module io.leakscope.watchdog {
  requires java.management;
  requires jdk.httpserver;
  requires jdk.management;

  exports io.leakscope.watchdog;
}
