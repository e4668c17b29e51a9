package io.leakscope.watchdog;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * This JVM's own HotSpot performance counters (the {@code sun.*} counters that {@code jcmd PID
 * PerfCounter.print} and {@code jstat} show), read from the memory-mapped file HotSpot keeps them
 * in.
 *
 * <p>Design note.
 *
 * <ul>
 *   <li><b>Why.</b> On JDK 17 to 19, G1 reports the Remark and Cleanup pauses of its concurrent
 *       cycle through no management bean and no notification (JDK 20 added "G1 Concurrent GC").
 *       HotSpot does count them, in {@code sun.gc.collector.2} ("G1 concurrent cycle pauses"): the
 *       number of pauses and the tick of the last one's end. That is all the watchdog needs to know
 *       that a cycle has marked the old generation ({@link LiveSetMonitor}).
 *   <li><b>Where.</b> With the defaults ({@code -XX:+UsePerfData}, shared memory on) HotSpot on
 *       Linux maps {@code /tmp/hsperfdata_USER/PID}: USER the effective user, PID as {@code getpid}
 *       returns it (in a container, the container's own). Looked up under {@code user.name} first,
 *       then under any other {@code hsperfdata_*} directory. A file is taken only when its counter
 *       {@code sun.rt.vmInitDoneTime} equals this JVM's start time ({@code
 *       RuntimeMXBean.getStartTime()} reads the same value), so a stale file of an earlier process
 *       with the same pid is never read. With {@code -XX:-UsePerfData} or {@code
 *       -XX:+PerfDisableSharedMem}, on other systems, or when the file cannot be read, there are no
 *       counters ({@link #forThisJvm} returns null) and the callers do without.
 *   <li><b>Format</b> (HotSpot's {@code perfMemory.hpp}, version 2, unchanged since JDK 1.4.2): a
 *       32-byte prologue (magic {@code 0xcafec0c0} big-endian, a byte-order byte, major and minor
 *       version, an accessible byte, used and overflow sizes, a modification time stamp, the first
 *       entry's offset at 24 and the number of entries at 28), then entries: length, name offset,
 *       vector length (0 for a scalar), type ({@code 'J'} a 64-bit long), flags, units,
 *       variability, data offset; all offsets from the entry's start, the name NUL-terminated.
 *   <li><b>Cost.</b> The file is mapped read-only once (a few tens of KB, shared with the page
 *       cache; the JVM writes it anyway). The entries are walked once, at construction, into a map
 *       from name to the offset of the value; a read is one aligned 8-byte load from the mapping,
 *       which is what {@code jstat} does from another process. Counters that HotSpot creates later
 *       than this object are not seen; the GC counters exist from the JVM's start.
 * </ul>
 *
 * <p>Thread-safe: the map is not changed after construction and reads are absolute.
 */
final class HotSpotCounters {
  private static final int MAGIC = 0xcafec0c0;
  private static final int PROLOGUE_BYTES = 32;

  private final MappedByteBuffer data;
  private final Map<String, Integer> longOffsets;

  private HotSpotCounters(MappedByteBuffer data, Map<String, Integer> longOffsets) {
    this.data = data;
    this.longOffsets = longOffsets;
  }

  /** This JVM's counters, or null when they cannot be read (see the design note). */
  static HotSpotCounters forThisJvm() {
    try {
      long pid = ProcessHandle.current().pid();
      long startMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
      Path tmp = Path.of("/tmp");
      HotSpotCounters mine =
          open(tmp.resolve("hsperfdata_" + System.getProperty("user.name", "")), pid, startMillis);
      if (mine != null || !Files.isDirectory(tmp)) {
        return mine;
      }
      try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, "hsperfdata_*")) {
        for (Path dir : dirs) {
          HotSpotCounters found = open(dir, pid, startMillis);
          if (found != null) {
            return found;
          }
        }
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The counters in {@code dir/pid} when that file is this JVM's, else null. */
  static HotSpotCounters open(Path dir, long pid, long startMillis) {
    Path file = dir.resolve(Long.toString(pid));
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      return null;
    }
    try {
      HotSpotCounters counters = parse(file);
      if (counters == null || counters.read("sun.rt.vmInitDoneTime") != startMillis) {
        return null;
      }
      return counters;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Parses a counters file; null when it is not one (magic, version or bounds). */
  static HotSpotCounters parse(Path file) throws IOException {
    MappedByteBuffer map;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < PROLOGUE_BYTES || size > Integer.MAX_VALUE) {
        return null;
      }
      map = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
    }
    if (map.order(ByteOrder.BIG_ENDIAN).getInt(0) != MAGIC || map.get(5) != 2) {
      return null;
    }
    map.order(map.get(4) == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    int limit = map.capacity();
    int offset = map.getInt(24);
    int entries = map.getInt(28);
    Map<String, Integer> longs = new HashMap<>();
    for (int i = 0; i < entries; i++) {
      if (offset < PROLOGUE_BYTES || offset > limit - 20) {
        return null;
      }
      int length = map.getInt(offset);
      int nameOffset = map.getInt(offset + 4);
      int vectorLength = map.getInt(offset + 8);
      byte type = map.get(offset + 12);
      int dataOffset = map.getInt(offset + 16);
      if (length < 20 || length > limit - offset || nameOffset < 20 || nameOffset >= length) {
        return null;
      }
      if (type == 'J' && vectorLength == 0 && dataOffset >= 20 && dataOffset <= length - 8) {
        longs.put(name(map, offset + nameOffset, offset + length), offset + dataOffset);
      }
      offset += length;
    }
    return new HotSpotCounters(map, Map.copyOf(longs));
  }

  private static String name(MappedByteBuffer map, int from, int end) {
    int to = from;
    while (to < end && map.get(to) != 0) {
      to++;
    }
    byte[] bytes = new byte[to - from];
    map.get(from, bytes);
    return new String(bytes, StandardCharsets.US_ASCII);
  }

  /** Whether a long counter of that name exists. */
  boolean has(String name) {
    return longOffsets.containsKey(name);
  }

  /** The long counter's current value, or -1 when there is no such counter. */
  long read(String name) {
    Integer at = longOffsets.get(name);
    return at == null ? -1 : data.getLong(at);
  }
}
