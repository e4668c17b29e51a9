package io.leakscope.cli.it.programs;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A service whose native memory leaks, or does not, for {@code leakscope memory}. After {@code
 * READY} a background thread wakes every 100 ms and, by {@code -Dleak=}:
 *
 * <ul>
 *   <li>{@code direct}: keeps a new 512 KiB direct buffer in a list (5 MiB a second);
 *   <li>{@code unsafe}: keeps a new 512 KiB block of {@code Unsafe.allocateMemory}, written so that
 *       it is resident (5 MiB a second; invisible to the buffer pools);
 *   <li>{@code none}: allocates and drops a direct buffer and some heap garbage (healthy).
 * </ul>
 *
 * Every wake-up also makes heap garbage, and every tenth calls {@code System.gc()}, so the live set
 * is measured and stays flat. A leak stops at 200 MiB.
 */
public final class NativeLeakProgram {
  static final int BLOCK = 512 * 1024;
  static final int MAX_BLOCKS = 400;
  static final List<Object> KEPT = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    String mode = System.getProperty("leak", "none");
    Object unsafe = mode.equals("unsafe") ? unsafe() : null;
    // Warm up what the loop uses, so that its first seconds look like the rest.
    for (int i = 0; i < 200; i++) {
      tick(mode, unsafe, i, false);
    }
    Thread worker =
        new Thread(
            () -> {
              for (int tick = 1; ; tick++) {
                try {
                  tick(mode, unsafe, tick, KEPT.size() < MAX_BLOCKS);
                  Thread.sleep(100);
                } catch (InterruptedException | ReflectiveOperationException e) {
                  return;
                }
              }
            },
            "native-leak");
    worker.setDaemon(true);
    worker.start();
    CommandLoop.readyThenServe(Map.of());
  }

  private static void tick(String mode, Object unsafe, int tick, boolean leak)
      throws ReflectiveOperationException {
    byte[][] garbage = new byte[64][];
    for (int i = 0; i < garbage.length; i++) {
      garbage[i] = new byte[1024];
    }
    switch (mode) {
      case "direct" -> {
        ByteBuffer b = ByteBuffer.allocateDirect(BLOCK);
        if (leak) {
          KEPT.add(b);
        }
      }
      case "unsafe" -> {
        if (leak) {
          Class<?> type = unsafe.getClass();
          long address = (long) type.getMethod("allocateMemory", long.class).invoke(unsafe, BLOCK);
          type.getMethod("setMemory", long.class, long.class, byte.class)
              .invoke(unsafe, address, (long) BLOCK, (byte) 1);
          KEPT.add(address);
        }
      }
      default -> ByteBuffer.allocateDirect(BLOCK).put(0, (byte) 1);
    }
    if (tick % 10 == 0) {
      System.gc();
    }
  }

  private static Object unsafe() throws ReflectiveOperationException {
    Field f = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
    f.setAccessible(true);
    return f.get(null);
  }
}
