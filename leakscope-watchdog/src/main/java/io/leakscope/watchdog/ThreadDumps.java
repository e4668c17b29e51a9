package io.leakscope.watchdog;

import io.leakscope.watchdog.json.JsonReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.JMException;

/**
 * Threads grouped by identical stack, largest group first, as plain text: the JVM's answer to
 * pprof's goroutine profile with {@code debug=1}. Two threads belong to one group when their stack
 * frames are equal (states may differ; each thread's state is listed with its name). Groups of
 * equal size keep the order of their first thread in the dump.
 *
 * <p>Where the threads come from ({@link #ofThisJvm()}): {@code ThreadMXBean} lists platform
 * threads only. On JDK 21 and later the {@code Thread.dump_to_file} diagnostic command (the
 * DiagnosticCommand MBean's {@code threadDumpToFile}, in-process) lists virtual threads too; with
 * {@code -format=json} it writes a JSON document, read here, of thread containers each with their
 * threads ({@code name}, {@code tid}, {@code state} and {@code virtual} on JDK 25, {@code stack} as
 * {@code StackTraceElement.toString()} strings). It writes to a file only, so the dump goes through
 * a fresh private temporary directory that is deleted at once. Where the command is missing (JDK
 * 17) or fails, {@code ThreadMXBean} is used.
 */
final class ThreadDumps {

  /** A group lists at most this many of its members by name; the rest are counted. */
  static final int MAX_LISTED = 100;

  /** One thread of a dump; {@code state} is null when the dump does not say. */
  record DumpedThread(String name, long id, String state, boolean virtual, List<String> frames) {}

  private ThreadDumps() {}

  /** The grouped dump of this JVM's threads, virtual ones included where the JDK can dump them. */
  static String ofThisJvm() {
    if (DiagnosticCommand.has("threadDumpToFile")) {
      try {
        return grouped(fromJson(dumpToFileAsJson()));
      } catch (IOException | JMException | RuntimeException e) {
        // Fall back to the platform threads below: a partial answer beats none.
      }
    }
    return groupedByStack(ManagementFactory.getThreadMXBean().dumpAllThreads(false, false));
  }

  /** The text of the grouped dump; {@code threads} may contain nulls (threads that died). */
  static String groupedByStack(ThreadInfo[] threads) {
    List<DumpedThread> dumped = new ArrayList<>();
    for (ThreadInfo thread : threads) {
      if (thread == null) {
        continue;
      }
      List<String> frames = new ArrayList<>();
      for (StackTraceElement frame : thread.getStackTrace()) {
        frames.add(frame.toString());
      }
      dumped.add(
          new DumpedThread(
              thread.getThreadName(),
              thread.getThreadId(),
              thread.getThreadState().name(),
              false,
              frames));
    }
    return grouped(dumped);
  }

  /** The text of the grouped dump of these threads. */
  static String grouped(List<DumpedThread> threads) {
    Map<List<String>, List<DumpedThread>> groups = new LinkedHashMap<>();
    int virtual = 0;
    for (DumpedThread thread : threads) {
      groups.computeIfAbsent(thread.frames(), k -> new ArrayList<>()).add(thread);
      virtual += thread.virtual() ? 1 : 0;
    }
    List<Map.Entry<List<String>, List<DumpedThread>>> sorted = new ArrayList<>(groups.entrySet());
    // List.sort is stable: equal sizes keep first-seen order.
    sorted.sort((a, b) -> Integer.compare(b.getValue().size(), a.getValue().size()));
    StringBuilder text = new StringBuilder();
    text.append(threads.size())
        .append(threads.size() == 1 ? " thread" : " threads")
        .append(virtual > 0 ? " (" + virtual + " virtual)" : "")
        .append(" in ")
        .append(sorted.size())
        .append(sorted.size() == 1 ? " group" : " groups")
        .append('\n');
    for (Map.Entry<List<String>, List<DumpedThread>> group : sorted) {
      List<DumpedThread> members = group.getValue();
      text.append('\n')
          .append(members.size())
          .append(members.size() == 1 ? " thread: " : " threads: ");
      for (int i = 0; i < Math.min(members.size(), MAX_LISTED); i++) {
        DumpedThread t = members.get(i);
        text.append(i == 0 ? "" : ", ").append('"').append(t.name()).append('"');
        if (t.state() != null) {
          text.append(' ').append(t.state());
        }
        if (t.virtual()) {
          text.append(" (virtual #").append(t.id()).append(')');
        }
      }
      if (members.size() > MAX_LISTED) {
        text.append(", … and ").append(members.size() - MAX_LISTED).append(" more");
      }
      text.append('\n');
      if (group.getKey().isEmpty()) {
        text.append("\t(no Java frames)\n");
      }
      for (String frame : group.getKey()) {
        text.append("\tat ").append(frame).append('\n');
      }
    }
    return text.toString();
  }

  private static String dumpToFileAsJson() throws IOException, JMException {
    Path dir = Files.createTempDirectory("leakscope-threads-");
    Path file = dir.resolve("threads.json");
    try {
      DiagnosticCommand.invoke("threadDumpToFile", "-format=json", file.toString());
      return Files.readString(file, StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }

  /**
   * The threads of a {@code Thread.dump_to_file -format=json} document, in its order.
   *
   * @throws IllegalArgumentException when the text is not such a document
   */
  static List<DumpedThread> fromJson(String json) {
    Object root = JsonReader.parse(json);
    Object dump = root instanceof Map<?, ?> m ? m.get("threadDump") : null;
    Object containers = dump instanceof Map<?, ?> m ? m.get("threadContainers") : null;
    if (!(containers instanceof List<?> list)) {
      throw new IllegalArgumentException("no threadDump.threadContainers in the thread dump");
    }
    List<DumpedThread> threads = new ArrayList<>();
    for (Object container : list) {
      Object members = container instanceof Map<?, ?> m ? m.get("threads") : null;
      if (!(members instanceof List<?> memberList)) {
        continue;
      }
      for (Object member : memberList) {
        if (member instanceof Map<?, ?> t) {
          threads.add(toThread(t));
        }
      }
    }
    return threads;
  }

  private static DumpedThread toThread(Map<?, ?> t) {
    List<String> frames = new ArrayList<>();
    if (t.get("stack") instanceof List<?> stack) {
      for (Object frame : stack) {
        frames.add(String.valueOf(frame));
      }
    }
    long id;
    try {
      id = Long.parseLong(String.valueOf(t.get("tid")));
    } catch (NumberFormatException e) {
      id = -1;
    }
    return new DumpedThread(
        t.get("name") instanceof String name ? name : "",
        id,
        t.get("state") instanceof String state ? state : null,
        Boolean.TRUE.equals(t.get("virtual")),
        frames);
  }
}
