package io.leakscope.watchdog;

/**
 * A resource the watchdog samples besides the live set: threads, classes, class loaders, buffer
 * pools and file descriptors.
 *
 * <p>Trended signals get the same robust trend as the live set ({@link TrendAnalysis}: Theil–Sen
 * slope, one-sided Mann–Kendall, the window, p-value and minimum sample count of the watchdog's
 * {@link TrendSettings}). Their own thresholds replace the byte-sized ones: the growth must exceed
 * {@link #minGrowthPerWindow()} over a whole window and reach {@link #minRelativeGrowth()} of the
 * signal's median. The thresholds sit above what a service does while it warms up (a thread pool
 * that grows to its size, classes loaded on first use, reflection accessors generated after a
 * method's 15th call on JDK 17) once the warm-up is past and the window is long; a steady climb
 * over a window is what a leak of one thread, one class loader or one socket per request looks
 * like.
 *
 * <p>The other signals are reported, not judged: a peak or a capacity is context for the trended
 * one next to it, and the unloaded-class count only ever grows.
 */
public enum Signal {
  /**
   * Live platform threads ({@code ThreadMXBean.getThreadCount}); virtual threads are not counted.
   */
  THREADS("threads", true, 10, 0.10),
  /** Live daemon platform threads. */
  THREADS_DAEMON("threadsDaemon", false, 0, 0),
  /** Most live platform threads at once since the JVM started. */
  THREADS_PEAK("threadsPeak", false, 0, 0),
  /** Classes loaded now ({@code ClassLoadingMXBean.getLoadedClassCount}). */
  CLASSES_LOADED("classesLoaded", true, 200, 0.05),
  /** Classes unloaded since the JVM started. */
  CLASSES_UNLOADED("classesUnloaded", false, 0, 0),
  /**
   * Live class loaders, counted by HotSpot's {@code VM.classloader_stats} (a walk of the class
   * loader data at a safepoint, not of the heap; under a millisecond for a few hundred loaders).
   */
  CLASS_LOADERS("classLoaders", true, 10, 0.10),
  /** Direct buffers ({@code BufferPoolMXBean} "direct"): how many. */
  DIRECT_BUFFERS("directBuffers", false, 0, 0),
  /** Direct buffers: native memory used, bytes. */
  DIRECT_BUFFER_BYTES("directBufferBytes", true, 1 << 20, 0.10),
  /** Direct buffers: total capacity, bytes. */
  DIRECT_BUFFER_CAPACITY("directBufferCapacity", false, 0, 0),
  /** Mapped buffers ({@code BufferPoolMXBean} "mapped"): how many. */
  MAPPED_BUFFERS("mappedBuffers", false, 0, 0),
  /** Mapped buffers: memory used, bytes. */
  MAPPED_BUFFER_BYTES("mappedBufferBytes", true, 1 << 20, 0.10),
  /** Mapped buffers: total capacity, bytes. */
  MAPPED_BUFFER_CAPACITY("mappedBufferCapacity", false, 0, 0),
  /** Open file descriptors ({@code UnixOperatingSystemMXBean}; unavailable on Windows). */
  OPEN_FDS("openFds", true, 10, 0.10),
  /** The process's limit of open file descriptors. */
  MAX_FDS("maxFds", false, 0, 0);

  private final String key;
  private final boolean trended;
  private final double minGrowthPerWindow;
  private final double minRelativeGrowth;

  Signal(String key, boolean trended, double minGrowthPerWindow, double minRelativeGrowth) {
    this.key = key;
    this.trended = trended;
    this.minGrowthPerWindow = minGrowthPerWindow;
    this.minRelativeGrowth = minRelativeGrowth;
  }

  /** The name in {@code events.jsonl} and the {@code trend} JSON, e.g. {@code "openFds"}. */
  public String key() {
    return key;
  }

  /** Whether the watchdog judges this signal's trend. */
  public boolean trended() {
    return trended;
  }

  /** A trended signal must grow by more than this over one window (its unit: count or bytes). */
  public double minGrowthPerWindow() {
    return minGrowthPerWindow;
  }

  /** A trended signal must grow by this fraction of its median over the analysed span. */
  public double minRelativeGrowth() {
    return minRelativeGrowth;
  }
}
