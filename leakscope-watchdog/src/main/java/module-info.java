/** The in-process leak watchdog: notices a growing live set, captures evidence within budgets. */
module io.leakscope.watchdog {
  requires java.management;
  requires jdk.httpserver;
  requires jdk.management;

  exports io.leakscope.watchdog;
// io.leakscope.watchdog.json (the JSON writer and reader) is internal: not exported, used from
// the class path by leakscope's command line and demo service.
}
