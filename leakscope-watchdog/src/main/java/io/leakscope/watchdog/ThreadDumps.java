package io.leakscope.watchdog;

import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Threads grouped by identical stack, largest group first, as plain text: the JVM's answer to
 * pprof's goroutine profile with {@code debug=1}. Two threads belong to one group when their stack
 * frames are equal (states may differ; each thread's state is listed with its name). Groups of
 * equal size keep the order of their first thread in the dump.
 */
final class ThreadDumps {

  private ThreadDumps() {}

  /** The text of the grouped dump; {@code threads} may contain nulls (threads that died). */
  static String groupedByStack(ThreadInfo[] threads) {
    Map<List<StackTraceElement>, List<ThreadInfo>> groups = new LinkedHashMap<>();
    int total = 0;
    for (ThreadInfo thread : threads) {
      if (thread == null) {
        continue;
      }
      total++;
      groups
          .computeIfAbsent(Arrays.asList(thread.getStackTrace()), k -> new ArrayList<>())
          .add(thread);
    }
    List<Map.Entry<List<StackTraceElement>, List<ThreadInfo>>> sorted =
        new ArrayList<>(groups.entrySet());
    // List.sort is stable: equal sizes keep first-seen order.
    sorted.sort((a, b) -> Integer.compare(b.getValue().size(), a.getValue().size()));
    StringBuilder text = new StringBuilder();
    text.append(total)
        .append(total == 1 ? " thread" : " threads")
        .append(" in ")
        .append(sorted.size())
        .append(sorted.size() == 1 ? " group" : " groups")
        .append('\n');
    for (Map.Entry<List<StackTraceElement>, List<ThreadInfo>> group : sorted) {
      List<ThreadInfo> members = group.getValue();
      text.append('\n')
          .append(members.size())
          .append(members.size() == 1 ? " thread: " : " threads: ");
      for (int i = 0; i < members.size(); i++) {
        ThreadInfo t = members.get(i);
        text.append(i == 0 ? "" : ", ")
            .append('"')
            .append(t.getThreadName())
            .append("\" ")
            .append(t.getThreadState());
      }
      text.append('\n');
      if (group.getKey().isEmpty()) {
        text.append("\t(no Java frames)\n");
      }
      for (StackTraceElement frame : group.getKey()) {
        text.append("\tat ").append(frame).append('\n');
      }
    }
    return text.toString();
  }
}
