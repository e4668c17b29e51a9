package io.leakscope.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Grouping, and reading the JDK's JSON thread dump. The document below has the shape JDK 25's
 * {@code jcmd <pid> Thread.dump_to_file -format=json} writes (fields trimmed, frames shortened).
 */
class ThreadDumpsTest {

  private static final String JDK25_DUMP =
      """
      {
        "threadDump": {
          "processId": "14782",
          "runtimeVersion": "25.0.3+9-LTS",
          "threadContainers": [
            {
              "container": "<root>", "parent": null, "owner": null,
              "threads": [
                { "tid": "3", "name": "main", "state": "RUNNABLE",
                  "stack": [ "java.base\\/java.lang.Thread.sleep(Thread.java:540)",
                             "App.main(App.java:9)" ] },
                { "tid": "27", "virtual": true, "name": "", "state": "WAITING",
                  "stack": [ "java.base\\/java.lang.VirtualThread.park(VirtualThread.java:738)",
                             "App.parkHere(App.java:20)" ] },
                { "tid": "29", "virtual": true, "name": "", "state": "WAITING",
                  "stack": [ "java.base\\/java.lang.VirtualThread.park(VirtualThread.java:738)",
                             "App.parkHere(App.java:20)" ] },
                { "tid": "14", "name": "Signal Dispatcher", "state": "RUNNABLE", "stack": [ ] }
              ],
              "threadCount": "4"
            },
            {
              "container": "ForkJoinPool-1", "parent": "<root>", "owner": null,
              "threads": [
                { "tid": "30", "virtual": true, "name": "worker", "state": "WAITING",
                  "stack": [ "java.base\\/java.lang.VirtualThread.park(VirtualThread.java:738)",
                             "App.parkHere(App.java:20)" ] }
              ],
              "threadCount": "1"
            }
          ]
        }
      }
      """;

  @Test
  void virtualThreadsFromEveryContainerAreGroupedByStack() {
    List<ThreadDumps.DumpedThread> threads = ThreadDumps.fromJson(JDK25_DUMP);
    assertThat(threads)
        .extracting(ThreadDumps.DumpedThread::id)
        .containsExactly(3L, 27L, 29L, 14L, 30L);

    String text = ThreadDumps.grouped(threads);
    assertThat(text)
        .startsWith("5 threads (3 virtual) in 3 groups\n\n")
        .contains(
            "3 threads: \"\" WAITING (virtual #27), \"\" WAITING (virtual #29),"
                + " \"worker\" WAITING (virtual #30)\n"
                + "\tat java.base/java.lang.VirtualThread.park(VirtualThread.java:738)\n"
                + "\tat App.parkHere(App.java:20)\n")
        .contains("1 thread: \"Signal Dispatcher\" RUNNABLE\n\t(no Java frames)\n");
  }

  @Test
  void aDumpWithoutStatesOrVirtualFlagsListsNamesOnly() {
    String jdk21Like =
        "{\"threadDump\":{\"threadContainers\":[{\"threads\":["
            + "{\"tid\":\"1\",\"name\":\"main\",\"stack\":[\"App.main(App.java:1)\"]}]}]}}";
    assertThat(ThreadDumps.grouped(ThreadDumps.fromJson(jdk21Like)))
        .isEqualTo("1 thread in 1 group\n\n1 thread: \"main\"\n\tat App.main(App.java:1)\n");
  }

  @Test
  void aDocumentOfAnotherShapeIsRejected() {
    assertThatThrownBy(() -> ThreadDumps.fromJson("{\"threads\":[]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threadContainers");
  }

  @Test
  void aHugeGroupListsTheFirstHundredAndCountsTheRest() {
    List<ThreadDumps.DumpedThread> threads = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      threads.add(new ThreadDumps.DumpedThread("", i, "WAITING", true, List.of("App.park()")));
    }
    String text = ThreadDumps.grouped(threads);
    assertThat(text).contains("150 threads: ").contains(", … and 50 more\n");
    assertThat(text.split("\\(virtual #", -1)).hasSize(ThreadDumps.MAX_LISTED + 1);
  }

  @Test
  void thisJvmOnJdk17IsDumpedThroughThreadMxBean() {
    String text = ThreadDumps.ofThisJvm();
    assertThat(text).contains("\"" + Thread.currentThread().getName() + "\" RUNNABLE");
    assertThat(text).contains("ThreadDumpsTest.thisJvmOnJdk17IsDumpedThroughThreadMxBean");
  }
}
