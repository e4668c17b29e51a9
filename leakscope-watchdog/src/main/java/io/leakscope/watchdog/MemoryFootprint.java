package io.leakscope.watchdog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServerConnection;

/**
 * A JVM's whole footprint at one moment: the process's resident memory ({@link ProcessMemory}), its
 * container's memory ({@link ContainerMemory}), the host's memory, what the JVM reports about
 * itself ({@link JvmMemory}) and, when the JVM tracks it, its native memory ({@link
 * NativeMemoryTracking}).
 *
 * <p>Every part is read on its own: one that cannot be read is null and leaves a one-line {@link
 * #problems() problem} (an unreadable {@code /proc}, no memory cgroup, NMT off, a JVM without
 * {@code jdk.management}); the others are still there.
 *
 * <p><b>Derived figures.</b>
 *
 * <ul>
 *   <li>{@link #heapBytes()}: the heap's resident part ({@link HeapResidency}) or, when the
 *       collector does not print its address range (ZGC, Shenandoah), its committed size.
 *   <li>{@link #nonHeapBytes()}: resident memory that is not the heap, RSS minus that, at least 0.
 *       With the committed heap it is a lower bound (committed pages never touched are not
 *       resident), so a verdict built on it errs towards "fits".
 *   <li>{@link #accountedAnonymousBytes()}: what the JVM says it holds in anonymous memory: the
 *       heap as above plus, with NMT, its other categories committed except the class data sharing
 *       archive (mapped from a file); without NMT, metaspace, compressed class space, code cache
 *       and direct buffers, committed.
 *   <li>{@link #unaccountedBytes()}: anonymous resident memory ({@code RssAnon + RssShmem}, or RSS
 *       on kernels without the split) minus that: malloc by native libraries and glibc's arenas
 *       and, without NMT, also the JVM's own internals (GC structures, compiler, symbols) and the
 *       touched part of thread stacks. Signed: committed heap that was never touched makes it
 *       negative, and its trend counts more than its level.
 * </ul>
 *
 * @param timeMillis when it was taken (epoch milliseconds)
 * @param pid the process
 * @param process its resident memory, or null when {@code /proc} could not be read
 * @param container its memory cgroup, or null when none was found
 * @param hostBytes the host's memory ({@code MemTotal} of {@code /proc/meminfo}), -1 when unknown
 * @param jvm what the JVM reports, or null when it could not be asked
 * @param heapResidentBytes the resident part of the heap ({@link HeapResidency}), -1 when unknown
 * @param nmt native memory tracking's summary, or null when it is off or could not be taken
 * @param problems why a part is missing or incomplete, one line each
 */
public record MemoryFootprint(
    long timeMillis,
    long pid,
    ProcessMemory process,
    ContainerMemory container,
    long hostBytes,
    JvmMemory jvm,
    long heapResidentBytes,
    NativeMemoryTracking nmt,
    List<String> problems) {

  /** NMT's category for the class data sharing archive, mapped from a file. */
  static final String SHARED_CLASS_SPACE = "Shared class space";

  public MemoryFootprint {
    problems = List.copyOf(problems);
  }

  /**
   * Takes the footprint of process {@code pid}.
   *
   * @param root the file system root ({@code /}; a fixture tree in tests) under which {@code
   *     proc/<pid>/status}, {@code proc/<pid>/cgroup}, {@code proc/meminfo} and the cgroup mounts
   *     are read
   * @param server the JVM's MBean server (this JVM's platform server, or JMX to the process), or
   *     null to read only {@code /proc} and the cgroup
   * @param nowMillis the time to record
   */
  public static MemoryFootprint capture(
      long pid, Path root, MBeanServerConnection server, long nowMillis) {
    List<String> problems = new ArrayList<>();
    ProcessMemory process = null;
    try {
      process = ProcessMemory.read(root.resolve("proc"), pid);
    } catch (IOException | RuntimeException e) {
      problems.add("process memory: " + describe(e));
    }
    ContainerMemory container = null;
    try {
      container = ContainerMemory.read(root, pid);
      container.problems().forEach(p -> problems.add("container memory: " + p));
    } catch (IOException | RuntimeException e) {
      problems.add("container memory: " + describe(e));
    }
    long host = hostBytes(root.resolve("proc").resolve("meminfo"));
    JvmMemory jvm = null;
    NativeMemoryTracking nmt = null;
    long heapResident = -1;
    if (server != null) {
      try {
        long[] range = HeapResidency.heapRange(HeapResidency.heapInfo(server));
        if (range == null) {
          problems.add(
              "heap residency: GC.heap_info prints no address range for this collector;"
                  + " the committed heap counts as resident");
        } else {
          heapResident =
              HeapResidency.residentBytes(
                  root.resolve("proc").resolve(Long.toString(pid)).resolve("smaps"),
                  range[0],
                  range[1]);
        }
      } catch (IOException | JMException | RuntimeException e) {
        problems.add("heap residency: " + describe(e));
      }
      try {
        jvm = JvmMemory.read(server);
        if (jvm.threadStackBytes() < 0) {
          problems.add(
              "thread stack size: unknown ("
                  + (JdkManagement.PRESENT ? "no ThreadStackSize option" : JdkManagement.MISSING)
                  + ")");
        }
      } catch (IOException | RuntimeException e) {
        problems.add("JVM memory: " + describe(e));
      }
      try {
        nmt = NativeMemoryTracking.read(server);
      } catch (IOException | JMException | RuntimeException e) {
        problems.add(
            e instanceof IllegalStateException
                ? e.getMessage()
                : "native memory tracking: " + describe(e));
      }
    }
    return new MemoryFootprint(
        nowMillis, pid, process, container, host, jvm, heapResident, nmt, problems);
  }

  /** The exception's message, or its class when it has none, on one line. */
  static String describe(Throwable e) {
    Throwable t = e;
    while (t.getMessage() == null && t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return m.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }

  private static long hostBytes(Path meminfo) {
    try {
      for (String line : Files.readAllLines(meminfo, StandardCharsets.ISO_8859_1)) {
        if (line.startsWith("MemTotal:")) {
          return ProcessMemory.parse("VmRSS:" + line.substring("MemTotal:".length())).rssBytes();
        }
      }
    } catch (IOException | RuntimeException e) {
      // the host's size is context only
    }
    return -1;
  }

  /** The resident set size, -1 when unknown. */
  public long rssBytes() {
    return process == null ? -1 : process.rssBytes();
  }

  /**
   * The memory the JVM can be given before the kernel steps in: the container's limit when one is
   * set and below the host's memory, else the host's memory; -1 when neither is known.
   */
  public long limitBytes() {
    if (container != null && container.limited()) {
      return hostBytes > 0 ? Math.min(container.limitBytes(), hostBytes) : container.limitBytes();
    }
    return hostBytes;
  }

  /** Whether {@link #limitBytes()} is a container's limit rather than the host's memory. */
  public boolean limitIsContainer() {
    return container != null
        && container.limited()
        && (hostBytes <= 0 || container.limitBytes() <= hostBytes);
  }

  /**
   * The heap's share of the resident memory: its resident part when known, else its committed size;
   * -1 when unknown.
   */
  public long heapBytes() {
    if (heapResidentBytes >= 0) {
      return heapResidentBytes;
    }
    return jvm == null ? -1 : jvm.heapCommittedBytes();
  }

  /** Resident memory that is not the heap: RSS minus {@link #heapBytes()}, at least 0; or -1. */
  public long nonHeapBytes() {
    long heap = heapBytes();
    if (process == null || heap < 0) {
      return -1;
    }
    return Math.max(0, process.rssBytes() - heap);
  }

  /** Thread stacks: NMT's committed stacks, else threads × stack size (reserved); -1 unknown. */
  public long threadStackBytes() {
    if (nmt != null && nmt.threadStackCommittedBytes() >= 0) {
      return nmt.threadStackCommittedBytes();
    }
    return jvm == null ? -1 : jvm.threadStacksReservedBytes();
  }

  /** Whether {@link #threadStackBytes()} is NMT's committed figure, not the reserved bound. */
  public boolean threadStacksMeasured() {
    return nmt != null && nmt.threadStackCommittedBytes() >= 0;
  }

  /** What the JVM says it holds in anonymous memory (see the class comment); -1 when unknown. */
  public long accountedAnonymousBytes() {
    long heap = heapBytes();
    if (heap < 0) {
      return -1;
    }
    if (nmt != null) {
      return heap
          + nmt.committedBytes()
          - Math.max(0, nmt.committed("Java Heap"))
          - Math.max(0, nmt.committed(SHARED_CLASS_SPACE));
    }
    if (jvm == null) {
      return -1;
    }
    return heap
        + Math.max(0, jvm.metaspaceCommittedBytes())
        + Math.max(0, jvm.compressedClassCommittedBytes())
        + Math.max(0, jvm.codeCacheCommittedBytes())
        + Math.max(0, jvm.directBytes());
  }

  /**
   * Anonymous resident memory the JVM does not account for (see the class comment), signed; {@link
   * Long#MIN_VALUE} when unknown.
   */
  public long unaccountedBytes() {
    long accounted = accountedAnonymousBytes();
    if (process == null || accounted < 0) {
      return Long.MIN_VALUE;
    }
    long anonymous =
        process.anonymousBytes() >= 0
            ? process.anonymousBytes() + Math.max(0, process.sharedBytes())
            : process.rssBytes();
    return anonymous - accounted;
  }

  /**
   * The figures whose growth {@link NativeGrowth} attributes, by key: the non-heap resident memory
   * first ({@code nonHeap}), then metaspace, compressed class space, code cache, thread stacks,
   * direct and mapped buffers, each NMT category but the heap ({@code nmt:<name>}), and the
   * unaccounted memory. Unknown figures are left out.
   */
  public Map<String, Long> series() {
    Map<String, Long> s = new LinkedHashMap<>();
    putKnown(s, NativeGrowth.NON_HEAP, nonHeapBytes());
    if (jvm != null) {
      putKnown(s, "metaspace", jvm.metaspaceCommittedBytes());
      putKnown(s, "compressedClassSpace", jvm.compressedClassCommittedBytes());
      putKnown(s, "codeCache", jvm.codeCacheCommittedBytes());
      putKnown(s, "directBuffers", jvm.directBytes());
      putKnown(s, "mappedBuffers", jvm.mappedBytes());
    }
    putKnown(s, "threadStacks", threadStackBytes());
    if (nmt != null) {
      for (NativeMemoryTracking.Category c : nmt.categories()) {
        if (!c.name().equals("Java Heap") && !c.name().equals(SHARED_CLASS_SPACE)) {
          s.put(NativeGrowth.NMT_PREFIX + c.name(), c.committedBytes());
        }
      }
    }
    long unaccounted = unaccountedBytes();
    if (unaccounted != Long.MIN_VALUE) {
      s.put(NativeGrowth.UNACCOUNTED, unaccounted);
    }
    return s;
  }

  private static void putKnown(Map<String, Long> s, String key, long value) {
    if (value >= 0) {
      s.put(key, value);
    }
  }
}
