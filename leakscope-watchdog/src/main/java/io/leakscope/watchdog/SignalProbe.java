package io.leakscope.watchdog;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;

/**
 * Reads the current value of every {@link Signal} of this JVM. Called on the watchdog's thread only
 * (never on an application thread), once per sample interval. What a signal needs is looked up once
 * at construction; a signal this JVM cannot give is unavailable for the whole run, with a reason,
 * and its value is -1.
 *
 * <p>Cost per read: a few MXBean getters (no allocation worth naming), plus for class loaders one
 * {@code VM.classloader_stats} diagnostic command, a walk of the class loader data at a safepoint
 * (measured at 0.8 ms on JDK 17 with the test JVM's loaders) whose text of one line per loader is
 * parsed for its {@code Total = N} line.
 */
class SignalProbe {

  private static final Pattern LOADER_TOTAL = Pattern.compile("(?m)^Total = (\\d+)");

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
  private final BufferPoolMXBean direct;
  private final BufferPoolMXBean mapped;
  private final UnixOperatingSystemMXBean unix;
  private final boolean classLoaderStats;
  private final Map<Signal, String> unavailable = new EnumMap<>(Signal.class);

  SignalProbe() {
    BufferPoolMXBean d = null;
    BufferPoolMXBean m = null;
    for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      if (pool.getName().equals("direct")) {
        d = pool;
      } else if (pool.getName().equals("mapped")) {
        m = pool;
      }
    }
    direct = d;
    mapped = m;
    if (d == null) {
      markUnavailable("no BufferPoolMXBean named \"direct\"", Signal.DIRECT_BUFFERS);
    }
    if (m == null) {
      markUnavailable("no BufferPoolMXBean named \"mapped\"", Signal.MAPPED_BUFFERS);
    }
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    unix = JdkManagement.PRESENT && os instanceof UnixOperatingSystemMXBean u ? u : null;
    if (!JdkManagement.PRESENT) {
      markUnavailable(JdkManagement.MISSING, Signal.OPEN_FDS, Signal.MAX_FDS);
    } else if (unix == null) {
      markUnavailable(
          "the OperatingSystemMXBean (" + os.getClass().getName() + ") is not Unix's",
          Signal.OPEN_FDS,
          Signal.MAX_FDS);
    }
    String loaderProblem = null;
    if (!JdkManagement.PRESENT) {
      loaderProblem = JdkManagement.MISSING;
    } else {
      try {
        classLoaderCount();
      } catch (JMException | RuntimeException e) {
        loaderProblem = "VM.classloader_stats failed: " + e;
      }
    }
    classLoaderStats = loaderProblem == null;
    if (!classLoaderStats) {
      markUnavailable(loaderProblem, Signal.CLASS_LOADERS);
    }
  }

  private void markUnavailable(String reason, Signal... signals) {
    for (Signal s : signals) {
      unavailable.put(s, reason);
      if (s == Signal.DIRECT_BUFFERS) {
        unavailable.put(Signal.DIRECT_BUFFER_BYTES, reason);
        unavailable.put(Signal.DIRECT_BUFFER_CAPACITY, reason);
      } else if (s == Signal.MAPPED_BUFFERS) {
        unavailable.put(Signal.MAPPED_BUFFER_BYTES, reason);
        unavailable.put(Signal.MAPPED_BUFFER_CAPACITY, reason);
      }
    }
  }

  /** The signals this JVM cannot give, each with the reason; fixed at construction. */
  Map<Signal, String> unavailable() {
    return Collections.unmodifiableMap(new EnumMap<>(unavailable));
  }

  /**
   * Writes each signal's value at its ordinal into {@code values} (length: all signals), -1 for an
   * unavailable one or one that failed this time.
   */
  void read(long[] values) {
    values[Signal.THREADS.ordinal()] = threads.getThreadCount();
    values[Signal.THREADS_DAEMON.ordinal()] = threads.getDaemonThreadCount();
    values[Signal.THREADS_PEAK.ordinal()] = threads.getPeakThreadCount();
    values[Signal.CLASSES_LOADED.ordinal()] = classes.getLoadedClassCount();
    values[Signal.CLASSES_UNLOADED.ordinal()] = classes.getUnloadedClassCount();
    long loaders = -1;
    if (classLoaderStats) {
      try {
        loaders = classLoaderCount();
      } catch (JMException | RuntimeException e) {
        // A transient failure leaves a gap in the series; the trend skips it.
      }
    }
    values[Signal.CLASS_LOADERS.ordinal()] = loaders;
    readPool(
        direct,
        values,
        Signal.DIRECT_BUFFERS,
        Signal.DIRECT_BUFFER_BYTES,
        Signal.DIRECT_BUFFER_CAPACITY);
    readPool(
        mapped,
        values,
        Signal.MAPPED_BUFFERS,
        Signal.MAPPED_BUFFER_BYTES,
        Signal.MAPPED_BUFFER_CAPACITY);
    values[Signal.OPEN_FDS.ordinal()] = unix == null ? -1 : unix.getOpenFileDescriptorCount();
    values[Signal.MAX_FDS.ordinal()] = unix == null ? -1 : unix.getMaxFileDescriptorCount();
  }

  private static void readPool(
      BufferPoolMXBean pool, long[] values, Signal count, Signal used, Signal capacity) {
    values[count.ordinal()] = pool == null ? -1 : pool.getCount();
    values[used.ordinal()] = pool == null ? -1 : pool.getMemoryUsed();
    values[capacity.ordinal()] = pool == null ? -1 : pool.getTotalCapacity();
  }

  /** Live class loaders (class loader data, the boot loader included) from HotSpot's table. */
  static long classLoaderCount() throws JMException {
    Matcher m = LOADER_TOTAL.matcher(DiagnosticCommand.invoke("vmClassloaderStats"));
    if (!m.find()) {
      throw new IllegalStateException("no \"Total = N\" line in VM.classloader_stats");
    }
    return Long.parseLong(m.group(1));
  }
}
