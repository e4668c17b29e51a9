package io.leakscope.cli;

import com.sun.management.GcInfo;
import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import io.leakscope.watchdog.ClassHistogram;
import io.leakscope.watchdog.LiveSetRules;
import io.leakscope.watchdog.LiveSetSeries;
import io.leakscope.watchdog.LiveSetVerdict;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.RuntimeMXBean;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Another JVM that {@code leakscope watch} attached to, read through JMX.
 *
 * <p>Design note. The Attach API ({@link VirtualMachine}, module {@code jdk.attach}) is used for
 * two things only: {@link VirtualMachine#startLocalManagementAgent()}, which starts (or finds) the
 * target's local JMX connector and returns its address, and {@code GC.heap_dump -gz=1} through the
 * attach connection's {@code executeJCmd} (in the unexported {@code sun.tools.attach}; the jar's
 * manifest exports it, and without the export dumps are taken through {@code
 * HotSpotDiagnosticMXBean.dumpHeap}, uncompressed): the {@code DiagnosticCommand} MBean does not
 * offer {@code GC.heap_dump} on JDK 17 to 25. Everything else goes through MXBean proxies.
 *
 * <p>The live set after GC is polled, not heard: at each {@link #addNewCollections} (or {@link
 * #newLiveSetReading()}) every collector that has collected since the last call is asked for its
 * last {@link GcInfo}, and {@link LiveSetRules} decides whether that collection measured the live
 * set (a reading) or not (an upper bound: the whole heap after it), as the watchdog decides for the
 * notifications it hears. Collections between two polls other than each collector's last are not
 * seen; the {@link LiveSetSeries} keeps the least value of a time bucket, as the watchdog's does.
 *
 * <p>Remote calls fail with {@link IOException}s, or with {@link RuntimeException}s from the
 * proxies, when the target exits; callers translate them (see {@link #lost}). Not thread-safe.
 */
final class AttachedJvm implements AutoCloseable {
  /** The oldest Java the target may run; the Attach API's management agent command is from 8. */
  static final int OLDEST_TARGET_FEATURE = 8;

  /** A live set after GC: the end time of the collection (epoch milliseconds) and its bytes. */
  record Reading(long timeMillis, long bytes) {}

  private final long pid;
  private final VirtualMachine vm;
  private final JMXConnector connector;
  private final MBeanServerConnection server;
  private final String description;
  private final int javaFeature;
  private final List<String> trackedPools;
  // Every heap pool: after a young collection their sum bounds the whole live set from above.
  private final List<String> heapPools;
  private final long maxBytes;
  private final long startMillis;
  private final List<com.sun.management.GarbageCollectorMXBean> allCollectors;
  private final List<com.sun.management.GarbageCollectorMXBean> collectors;
  private final Map<String, Long> seenCounts = new HashMap<>();
  // The latest reading that may hold garbage the collector kept (readingsHoldGarbage).
  private long lastGarbageReadingMillis = Long.MIN_VALUE;

  /**
   * JMX to the target's own local management agent. Error Prone's BanJNDI flags every JMX connect
   * because a URL from user input could name a JNDI lookup; this one is the address the target JVM
   * (same user, chosen by PID) gave through the Attach API, a local RMI stub, never user text.
   */
  @SuppressWarnings("BanJNDI")
  private static JMXConnector connectLocalAgent(VirtualMachine vm) throws IOException {
    return JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()));
  }

  private AttachedJvm(long pid, VirtualMachine vm, Properties properties) throws IOException {
    this.pid = pid;
    this.vm = vm;
    this.javaFeature = feature(properties.getProperty("java.specification.version", ""));
    this.description =
        properties.getProperty("java.vm.name", "JVM")
            + " "
            + properties.getProperty(
                "java.runtime.version", properties.getProperty("java.version", "?"));
    this.connector = connectLocalAgent(vm);
    this.server = connector.getMBeanServerConnection();
    List<MemoryPoolMXBean> pools =
        ManagementFactory.getPlatformMXBeans(server, MemoryPoolMXBean.class);
    this.trackedPools = LiveSetRules.longLivedPools(pools);
    this.heapPools =
        pools.stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .toList();
    MemoryMXBean memory = ManagementFactory.getPlatformMXBean(server, MemoryMXBean.class);
    this.maxBytes = LiveSetRules.maxBytes(pools, trackedPools, memory.getHeapMemoryUsage());
    this.startMillis =
        ManagementFactory.getPlatformMXBean(server, RuntimeMXBean.class).getStartTime();
    Set<String> tracked = Set.copyOf(trackedPools);
    this.allCollectors =
        ManagementFactory.getPlatformMXBeans(
            server, com.sun.management.GarbageCollectorMXBean.class);
    this.collectors =
        allCollectors.stream()
            .filter(gc -> List.of(gc.getMemoryPoolNames()).stream().anyMatch(tracked::contains))
            .toList();
  }

  /**
   * Attaches to the JVM with process id {@code pid} and connects to its management agent.
   *
   * @throws CommandFailure with a one-line message: exit code 2 when {@code pid} is not a JVM that
   *     can be watched at all (no such process, this process, not a JVM), 1 when the JVM refuses
   */
  static AttachedJvm attach(long pid) {
    AttachProblems.checkBeforeAttaching(pid);
    VirtualMachine vm;
    try {
      vm = VirtualMachine.attach(Long.toString(pid));
    } catch (AttachNotSupportedException | IOException e) {
      throw AttachProblems.refused(pid, e);
    }
    try {
      Properties properties = vm.getSystemProperties();
      int feature = feature(properties.getProperty("java.specification.version", ""));
      if (feature < OLDEST_TARGET_FEATURE) {
        throw new CommandFailure(
            Main.EXIT_FAILURE,
            "JVM "
                + pid
                + " runs Java "
                + properties.getProperty("java.version", "(unknown version)")
                + "; leakscope needs Java "
                + OLDEST_TARGET_FEATURE
                + " or newer in the target",
            null);
      }
      return new AttachedJvm(pid, vm, properties);
    } catch (IOException | RuntimeException e) {
      detachQuietly(vm);
      if (e instanceof CommandFailure failure) {
        throw failure;
      }
      throw lost(pid, "connecting to its management agent", e);
    }
  }

  long pid() {
    return pid;
  }

  /** The target's MBeans over JMX (for {@code leakscope memory}'s figures). */
  MBeanServerConnection server() {
    return server;
  }

  /** The target's VM name and version, e.g. {@code OpenJDK 64-Bit Server VM 17.0.15+6}. */
  String description() {
    return description;
  }

  /** The pools whose usage after GC is the live set. */
  List<String> trackedPools() {
    return trackedPools;
  }

  /** The most the live set can reach, or -1 when unknown. */
  long maxBytes() {
    return maxBytes;
  }

  /** Collections of all collectors since the JVM started. */
  long collectionCount() {
    long sum = 0;
    for (com.sun.management.GarbageCollectorMXBean gc : allCollectors) {
      sum += Math.max(0, gc.getCollectionCount());
    }
    return sum;
  }

  /**
   * The least live-set reading among the collections since the previous call (at the first call:
   * each collector's last collection ever), if one of them measured the live set.
   */
  Optional<Reading> newLiveSetReading() {
    Reading[] least = {null};
    poll(
        (time, bytes) -> {
          if (least[0] == null || bytes < least[0].bytes()) {
            least[0] = new Reading(time, bytes);
          }
        },
        (time, bytes) -> {});
    return Optional.ofNullable(least[0]);
  }

  /**
   * Adds the collections since the previous call (at the first call: each collector's last
   * collection ever) to {@code series}, as the agent's watchdog adds those it hears: a collection
   * that measured the live set as a reading of the tracked pools, any other as an upper bound of
   * the whole heap.
   */
  void addNewCollections(LiveSetSeries series) {
    poll(series::record, series::recordBound);
  }

  /**
   * Whether the readings since {@code sinceMillis} may hold garbage the collector kept, as the
   * agent's watchdog judges it: always on ZGC and Shenandoah; on G1 when a reading in that time
   * came from its marking or a mixed pause rather than a full collection ({@link
   * LiveSetRules#readingHoldsGarbage}).
   */
  boolean readingsHoldGarbage(long sinceMillis) {
    return LiveSetVerdict.compactsPartially(
            allCollectors.stream().map(com.sun.management.GarbageCollectorMXBean::getName).toList())
        || lastGarbageReadingMillis >= sinceMillis;
  }

  /** Each collector's last collection, if new: to {@code readings} or to {@code bounds}. */
  private void poll(LongBiConsumer readings, LongBiConsumer bounds) {
    for (com.sun.management.GarbageCollectorMXBean gc : allCollectors) {
      long count = gc.getCollectionCount();
      Long seen = seenCounts.put(gc.getName(), count);
      if (count <= 0 || (seen != null && seen == count)) {
        continue;
      }
      GcInfo info = gc.getLastGcInfo();
      if (info == null) {
        continue;
      }
      long before = sum(info.getMemoryUsageBeforeGc(), trackedPools);
      long after = sum(info.getMemoryUsageAfterGc(), trackedPools);
      long end = startMillis + info.getEndTime();
      // GcInfo has no action; LiveSetRules then tells minor collections by the collector's name.
      if (collectors.contains(gc)
          && LiveSetRules.measuresLiveSet(gc.getName(), "", before, after)) {
        if (LiveSetRules.readingHoldsGarbage(gc.getName(), "")) {
          lastGarbageReadingMillis = Math.max(lastGarbageReadingMillis, end);
        }
        readings.accept(end, after);
      } else if (after > 0) {
        bounds.accept(end, sum(info.getMemoryUsageAfterGc(), heapPools));
      }
    }
  }

  /** Takes a time (epoch milliseconds) and bytes. */
  @FunctionalInterface
  private interface LongBiConsumer {
    void accept(long timeMillis, long bytes);
  }

  private static long sum(Map<String, MemoryUsage> usage, List<String> pools) {
    long sum = 0;
    for (String pool : pools) {
      MemoryUsage u = usage.get(pool);
      sum += u == null ? 0 : u.getUsed();
    }
    return sum;
  }

  /**
   * The class histogram as {@code jcmd GC.class_histogram} prints it.
   *
   * @param liveOnly true for live objects only, which runs a full GC first; false for every object
   *     in the heap, reachable or not ({@code -all}), which forces no GC
   */
  String classHistogram(boolean liveOnly) throws IOException, JMException {
    return ClassHistogram.text(server, liveOnly);
  }

  /**
   * Writes a heap dump of the live objects (which runs a full GC) next to {@code
   * fileWithoutSuffix}: {@code .hprof.gz} when the target is Java 15 or newer and {@code
   * GC.heap_dump} is reachable, otherwise {@code .hprof}. The target JVM writes the file, so the
   * path is made absolute.
   *
   * @return the file written
   */
  Path heapDump(Path fileWithoutSuffix) throws IOException {
    Path base = fileWithoutSuffix.toAbsolutePath();
    Optional<Method> jcmd = jcmdMethod();
    if (jcmd.isPresent()) {
      boolean gzip = javaFeature >= 15;
      Path file = base.resolveSibling(base.getFileName() + (gzip ? ".hprof.gz" : ".hprof"));
      String output =
          executeJcmd(
              jcmd.get(), "GC.heap_dump " + (gzip ? "-gz=1 " : "") + quoted(file.toString()));
      if (!Files.isRegularFile(file) || Files.size(file) == 0) {
        throw new IOException(
            "GC.heap_dump wrote no " + file + ": " + FailureReporter.oneLine(output));
      }
      return file;
    }
    Path file = base.resolveSibling(base.getFileName() + ".hprof");
    ManagementFactory.getPlatformMXBean(server, HotSpotDiagnosticMXBean.class)
        .dumpHeap(file.toString(), true);
    return file;
  }

  boolean isAlive() {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  @Override
  public void close() {
    try {
      connector.close();
    } catch (IOException e) {
      // the target may be gone; nothing is left to release on this side
    }
    detachQuietly(vm);
  }

  /**
   * The failure for a remote call that threw {@code e}: {@code target JVM <pid> exited} when the
   * process is gone, else a line naming what was being done. An exiting JVM closes its connections
   * before its process ends, so a process still alive is given {@link #EXIT_GRACE} to end first.
   */
  static CommandFailure lost(long pid, String doing, Throwable e) {
    boolean alive = !exitsWithin(pid, EXIT_GRACE);
    String message =
        alive
            ? "JVM " + pid + " failed while " + doing + ": " + FailureReporter.describe(rootOf(e))
            : "target JVM " + pid + " exited";
    return new CommandFailure(Main.EXIT_FAILURE, message, e);
  }

  /** How long a JVM whose connection failed is given to finish exiting. */
  static final Duration EXIT_GRACE = Duration.ofSeconds(3);

  /** Whether process {@code pid} is gone, or ends within {@code grace}. */
  static boolean exitsWithin(long pid, Duration grace) {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty() || !handle.get().isAlive()) {
      return true;
    }
    try {
      handle.get().onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException stillRunning) {
      return false;
    } catch (ExecutionException e) {
      return !handle.get().isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !handle.get().isAlive();
    }
  }

  private static Throwable rootOf(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  /** {@code HotSpotVirtualMachine.executeJCmd}, when {@code sun.tools.attach} is exported to us. */
  private Optional<Method> jcmdMethod() {
    Module attach = VirtualMachine.class.getModule();
    if (!attach.isExported("sun.tools.attach", AttachedJvm.class.getModule())) {
      return Optional.empty();
    }
    try {
      Class<?> hotspot = Class.forName("sun.tools.attach.HotSpotVirtualMachine");
      return hotspot.isInstance(vm)
          ? Optional.of(hotspot.getMethod("executeJCmd", String.class))
          : Optional.empty();
    } catch (ReflectiveOperationException e) {
      return Optional.empty();
    }
  }

  private String executeJcmd(Method executeJCmd, String command) throws IOException {
    try (InputStream in = (InputStream) executeJCmd.invoke(vm, command)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(command + ": " + e.getCause(), e.getCause());
    } catch (IllegalAccessException e) {
      throw new IOException(command + ": " + e.getMessage(), e);
    }
  }

  /** A diagnostic command argument: quoted when it holds a space, as jcmd's parser expects. */
  private static String quoted(String argument) {
    return argument.contains(" ") ? "\"" + argument + "\"" : argument;
  }

  /** {@code "1.8"} → 8, {@code "17"} → 17; 0 when unknown. */
  static int feature(String specificationVersion) {
    String v =
        specificationVersion.startsWith("1.")
            ? specificationVersion.substring(2)
            : specificationVersion;
    int end = 0;
    while (end < v.length() && Character.isDigit(v.charAt(end))) {
      end++;
    }
    return end == 0 ? 0 : Integer.parseInt(v.substring(0, end));
  }

  private static void detachQuietly(VirtualMachine vm) {
    try {
      vm.detach();
    } catch (IOException e) {
      // detaching only closes our side
    }
  }
}
