package io.leakscope.agent;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Started in a child JVM by {@link NativeGrowthAgentIT}: every 100 ms allocates {@value #BLOCK}
 * bytes outside the heap and, by mode, keeps it or lets it go. {@code direct}: a direct buffer kept
 * in a list; {@code unsafe}: an {@code Unsafe.allocateMemory} block, written, never freed; {@code
 * healthy}: the same direct buffer dropped at once and the same {@code Unsafe} block written and
 * freed. All first allocate {@value #STEADY} bytes of direct memory and keep them, as a service's
 * pools would: with the JVM's own 60 to 80 MB alone, the few MB that malloc arenas and the JIT move
 * in a healthy JVM's first half minute on a busy machine pass the verdict's 5% of the non-heap
 * memory (seen with a 10 s window after a 12 s warm-up). All call {@code System.gc()} once a second
 * (which frees the dropped direct buffers). After each step the milliseconds since the epoch and
 * the bytes kept so far are appended to the progress file, one {@code millis bytes} line: the
 * oracle for the rate the watchdog reports. Arguments: mode, seconds to run, progress file.
 */
public final class NativeProgram {

  /** Bytes allocated per step. */
  static final int BLOCK = 512 * 1024;

  /** Bytes of direct memory every mode allocates at start and keeps: a service's steady pools. */
  static final int STEADY = 64 * 1024 * 1024;

  private static final List<ByteBuffer> KEPT = new ArrayList<>();

  private NativeProgram() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    long end = System.nanoTime() + Long.parseLong(args[1]) * 1_000_000_000L;
    Path progress = Path.of(args[2]);
    // sun.misc.Unsafe through reflection, so that compiling needs no internal API
    Class<?> type = Class.forName("sun.misc.Unsafe");
    Field field = type.getDeclaredField("theUnsafe");
    field.setAccessible(true);
    Object unsafe = field.get(null);
    Method allocate = type.getMethod("allocateMemory", long.class);
    Method set = type.getMethod("setMemory", long.class, long.class, byte.class);
    Method free = type.getMethod("freeMemory", long.class);
    KEPT.add(ByteBuffer.allocateDirect(STEADY));
    long kept = 0;
    long lastGc = System.nanoTime();
    while (System.nanoTime() < end) {
      switch (mode) {
        case "direct" -> {
          KEPT.add(ByteBuffer.allocateDirect(BLOCK));
          kept += BLOCK;
        }
        case "unsafe" -> {
          long address = (long) allocate.invoke(unsafe, (long) BLOCK);
          set.invoke(unsafe, address, (long) BLOCK, (byte) 1);
          kept += BLOCK;
        }
        case "healthy" -> {
          ByteBuffer dropped = ByteBuffer.allocateDirect(BLOCK);
          dropped.put(0, (byte) 1);
          long address = (long) allocate.invoke(unsafe, (long) BLOCK);
          set.invoke(unsafe, address, (long) BLOCK, (byte) 1);
          free.invoke(unsafe, address);
        }
        default -> throw new IllegalArgumentException("mode: " + mode);
      }
      record(progress, kept);
      if (System.nanoTime() - lastGc >= 1_000_000_000L) {
        System.gc();
        lastGc = System.nanoTime();
      }
      Thread.sleep(100);
    }
  }

  private static void record(Path progress, long kept) throws IOException {
    Files.writeString(
        progress,
        System.currentTimeMillis() + " " + kept + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }
}
