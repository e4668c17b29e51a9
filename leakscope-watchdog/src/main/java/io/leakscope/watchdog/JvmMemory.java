package io.leakscope.watchdog;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import javax.management.MBeanServerConnection;

/**
 * What a JVM reports about its own memory through {@code java.management}: the heap, metaspace and
 * the compressed class space, the code cache, its threads and their stack size, direct and mapped
 * buffers. Read in this JVM ({@link ManagementFactory#getPlatformMBeanServer()}) or in another one
 * over JMX, the same way.
 *
 * <p>Committed is what the JVM has taken from the operating system; it is resident once touched (a
 * committed heap region that was never allocated into is not). Thread stacks without NMT are an
 * upper bound: threads × {@code -Xss} is what is reserved, and a stack is resident only as deep as
 * it was used.
 *
 * @param heapUsedBytes heap in use (live and garbage not yet collected)
 * @param heapCommittedBytes heap committed
 * @param heapMaxBytes the heap's maximum ({@code -Xmx}), -1 when undefined
 * @param metaspaceCommittedBytes the {@code Metaspace} pool, committed; -1 when there is none
 * @param compressedClassCommittedBytes the {@code Compressed Class Space} pool, committed (also
 *     counted in metaspace's reservation, not in its pool); -1 when there is none
 * @param codeCacheCommittedBytes the code cache pools ({@code CodeHeap '…'} or {@code Code Cache}),
 *     committed; -1 when there are none
 * @param threads live platform threads
 * @param threadStackBytes the stack size of a thread ({@code ThreadStackSize}; its platform
 *     default, 1 MiB on 64-bit Linux, when set to 0), -1 when unknown
 * @param directBytes memory of the direct buffers ({@code BufferPoolMXBean} "direct"), -1 when none
 * @param directCount how many direct buffers, -1 when unknown
 * @param mappedBytes memory of the mapped buffers ({@code BufferPoolMXBean} "mapped"), -1 when none
 * @param mappedCount how many mapped buffers, -1 when unknown
 */
public record JvmMemory(
    long heapUsedBytes,
    long heapCommittedBytes,
    long heapMaxBytes,
    long metaspaceCommittedBytes,
    long compressedClassCommittedBytes,
    long codeCacheCommittedBytes,
    long threads,
    long threadStackBytes,
    long directBytes,
    long directCount,
    long mappedBytes,
    long mappedCount) {

  /** HotSpot's default {@code ThreadStackSize} on 64-bit Linux (x86-64 and AArch64), in bytes. */
  static final long DEFAULT_STACK_BYTES = 1L << 20;

  /**
   * Reads the JVM behind {@code server}.
   *
   * @param server this JVM's platform MBean server, or a JMX connection to another JVM
   * @throws IOException when the connection fails (MXBean proxies may also throw {@link
   *     java.lang.reflect.UndeclaredThrowableException} when the target goes away)
   */
  public static JvmMemory read(MBeanServerConnection server) throws IOException {
    MemoryUsage heap = bean(server, MemoryMXBean.class).getHeapMemoryUsage();
    long metaspace = -1;
    long compressedClass = -1;
    long codeCache = -1;
    for (MemoryPoolMXBean pool : beans(server, MemoryPoolMXBean.class)) {
      if (pool.getType() != MemoryType.NON_HEAP) {
        continue;
      }
      long committed = pool.getUsage() == null ? 0 : pool.getUsage().getCommitted();
      String name = pool.getName();
      if (name.equals("Metaspace")) {
        metaspace = committed;
      } else if (name.equals("Compressed Class Space")) {
        compressedClass = committed;
      } else if (name.startsWith("CodeHeap") || name.equals("Code Cache")) {
        codeCache = Math.max(0, codeCache) + committed;
      }
    }
    long threads = bean(server, ThreadMXBean.class).getThreadCount();
    long directBytes = -1;
    long directCount = -1;
    long mappedBytes = -1;
    long mappedCount = -1;
    for (BufferPoolMXBean pool : beans(server, BufferPoolMXBean.class)) {
      if (pool.getName().equals("direct")) {
        directBytes = pool.getMemoryUsed();
        directCount = pool.getCount();
      } else if (pool.getName().equals("mapped")) {
        mappedBytes = pool.getMemoryUsed();
        mappedCount = pool.getCount();
      }
    }
    return new JvmMemory(
        heap.getUsed(),
        heap.getCommitted(),
        heap.getMax(),
        metaspace,
        compressedClass,
        codeCache,
        threads,
        threadStackBytes(server),
        directBytes,
        directCount,
        mappedBytes,
        mappedCount);
  }

  /**
   * The platform MXBean itself when {@code server} is this JVM's own, else a proxy. A proxy reads
   * through the MBean server by reflection, and on JDK 17 every reflective method called 15 times
   * gets a generated accessor in a class loader of its own: read every 30 s, this JVM's own
   * footprint grew its class-loader count for minutes (19 loaders on a steady service), which the
   * class-loader signal reported as growth.
   */
  private static <T extends java.lang.management.PlatformManagedObject> T bean(
      MBeanServerConnection server, Class<T> type) throws IOException {
    return server == ManagementFactory.getPlatformMBeanServer()
        ? ManagementFactory.getPlatformMXBean(type)
        : ManagementFactory.getPlatformMXBean(server, type);
  }

  /** The platform MXBeans of a kind, as {@link #bean} does. */
  private static <T extends java.lang.management.PlatformManagedObject> java.util.List<T> beans(
      MBeanServerConnection server, Class<T> type) throws IOException {
    return server == ManagementFactory.getPlatformMBeanServer()
        ? ManagementFactory.getPlatformMXBeans(type)
        : ManagementFactory.getPlatformMXBeans(server, type);
  }

  /** {@code ThreadStackSize} (in KiB in the VM option) as bytes; -1 without jdk.management. */
  private static long threadStackBytes(MBeanServerConnection server) {
    if (!JdkManagement.PRESENT) {
      return -1;
    }
    try {
      String kb =
          bean(server, com.sun.management.HotSpotDiagnosticMXBean.class)
              .getVMOption("ThreadStackSize")
              .getValue();
      long v = ProcessMemory.number(kb);
      return v < 0 ? -1 : v == 0 ? DEFAULT_STACK_BYTES : v << 10;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * The thread stacks as far as {@code java.management} can tell: threads × stack size, the space
   * reserved for them (an upper bound of what is resident); -1 when the stack size is unknown.
   */
  public long threadStacksReservedBytes() {
    return threadStackBytes < 0 ? -1 : threads * threadStackBytes;
  }
}
