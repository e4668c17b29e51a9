package io.leakscope.watchdog;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The program a child JVM runs in {@link MemoryFootprintChildJvmTest}: prints {@code READY}, then
 * for each line read from stdin takes its own {@link MemoryFootprint} and prints its figures as
 * {@code key value} lines (with the container's figures and the fit verdict) followed by {@code
 * END}. Exits at the end of input.
 */
public final class MemoryChild {
  private MemoryChild() {}

  public static void main(String[] args) throws Exception {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    System.out.println("READY");
    System.out.flush();
    long pid = ProcessHandle.current().pid();
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      MemoryFootprint f =
          MemoryFootprint.capture(
              pid,
              Path.of("/"),
              ManagementFactory.getPlatformMBeanServer(),
              System.currentTimeMillis());
      StringBuilder out = new StringBuilder();
      out.append("rss ").append(f.rssBytes()).append('\n');
      out.append("heapCommitted ").append(f.jvm().heapCommittedBytes()).append('\n');
      out.append("heapResident ").append(f.heapResidentBytes()).append('\n');
      out.append("nonHeap ").append(f.nonHeapBytes()).append('\n');
      out.append("nmtCommitted ")
          .append(f.nmt() == null ? -1 : f.nmt().committedBytes())
          .append('\n');
      out.append("threads ").append(f.jvm().threads()).append('\n');
      out.append("threadStack ").append(f.jvm().threadStackBytes()).append('\n');
      out.append("containerVersion ")
          .append(f.container() == null ? -1 : f.container().version())
          .append('\n');
      ContainerMemory c = f.container();
      if (c != null) {
        out.append("containerLimit ").append(c.limited() ? c.limitBytes() : -1).append('\n');
        out.append("containerUsage ").append(c.usageBytes()).append('\n');
        out.append("containerWorkingSet ").append(c.workingSetBytes()).append('\n');
      }
      out.append("limit ").append(f.limitBytes()).append('\n');
      out.append("limitIsContainer ").append(f.limitIsContainer()).append('\n');
      out.append("heapMax ").append(f.jvm().heapMaxBytes()).append('\n');
      MemoryFit fit =
          MemoryFit.judge(
              f.jvm().heapMaxBytes(), f.nonHeapBytes(), f.limitBytes(), f.limitIsContainer());
      out.append("fit ").append(fit.state().key()).append('\n');
      out.append("heapAtKill ").append(fit.heapAtKillBytes()).append('\n');
      out.append("suggestedHeap ").append(fit.suggestedHeapBytes()).append('\n');
      for (String p : f.problems()) {
        out.append("problem ").append(p).append('\n');
      }
      out.append("END");
      System.out.println(out);
      System.out.flush();
    }
  }
}
