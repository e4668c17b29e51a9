package io.leakscope.cli.it.programs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * A service whose native memory leaks, or does not, for {@code leakscope memory}. After {@code
 * READY} a background thread wakes every 100 ms and, by {@code -Dleak=}:
 *
 * <ul>
 *   <li>{@code direct}: keeps a new 512 KiB direct buffer in a list (5 MiB a second);
 *   <li>{@code unsafe}: keeps a new 512 KiB block of {@code Unsafe.allocateMemory}, written so that
 *       it is resident (5 MiB a second; invisible to the buffer pools);
 *   <li>{@code classes}: defines {@value #CLASSES} hidden classes and keeps them (metaspace and
 *       class space grow, each class in a class loader data of its own);
 *   <li>{@code threads}: starts {@value #THREADS} threads that park for ever (thread stacks grow);
 *   <li>{@code none}: the healthy twin of each: allocates and drops a direct buffer, defines hidden
 *       classes and drops them, starts threads that end at once.
 * </ul>
 *
 * Every wake-up also makes heap garbage, and every tenth calls {@code System.gc()}, so the live set
 * is measured and stays flat. A leak of memory stops at 200 MiB, of classes at {@value
 * #MAX_CLASSES}, of threads at {@value #MAX_THREADS}.
 */
public final class NativeLeakProgram {
  static final int BLOCK = 512 * 1024;
  static final int MAX_BLOCKS = 400;
  static final int CLASSES = 40;
  static final int MAX_CLASSES = 20_000;
  static final int THREADS = 8;
  static final int MAX_THREADS = 2_000;
  static final List<Object> KEPT = new ArrayList<>();
  static final List<Class<?>> CLASSES_KEPT = new ArrayList<>();
  static final List<Thread> THREADS_KEPT = new ArrayList<>();
  private static byte[] template;

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
                  tick(
                      mode,
                      unsafe,
                      tick,
                      KEPT.size() < MAX_BLOCKS
                          && CLASSES_KEPT.size() < MAX_CLASSES
                          && THREADS_KEPT.size() < MAX_THREADS);
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
      case "classes" -> {
        for (int i = 0; i < CLASSES; i++) {
          Class<?> c = hiddenClass();
          if (leak) {
            CLASSES_KEPT.add(c);
          }
        }
      }
      case "threads" -> {
        for (int i = 0; i < THREADS; i++) {
          Thread t = new Thread(leak ? NativeLeakProgram::parkForEver : () -> {}, "parked");
          t.setDaemon(true);
          t.start();
          if (leak) {
            THREADS_KEPT.add(t);
          } else {
            join(t);
          }
        }
      }
      default -> {
        ByteBuffer.allocateDirect(BLOCK).put(0, (byte) 1);
        hiddenClass();
        Thread t = new Thread(() -> {}, "ends");
        t.start();
        join(t);
      }
    }
    if (tick % 10 == 0) {
      System.gc();
    }
  }

  /** A new hidden class made from {@link Template}'s bytes; unloaded once unreachable. */
  private static Class<?> hiddenClass() throws ReflectiveOperationException {
    try {
      if (template == null) {
        try (InputStream in =
            NativeLeakProgram.class.getResourceAsStream("NativeLeakProgram$Template.class")) {
          template = in.readAllBytes();
        }
      }
      return MethodHandles.lookup().defineHiddenClass(template, true).lookupClass();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void parkForEver() {
    while (true) {
      LockSupport.park();
    }
  }

  private static void join(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What each hidden class is made from: some methods, so that a class takes some metaspace. */
  @SuppressWarnings("unused")
  static final class Template {
    private long state;

    long a(long x) {
      state = state * 31 + x;
      return state ^ (x >>> 3);
    }

    long b(long x) {
      return a(x) + a(x + 1) * 7 - a(x + 2);
    }

    long c(long x) {
      long r = 0;
      for (int i = 0; i < 16; i++) {
        r += b(x + i) * (i % 3 == 0 ? 1 : -1);
      }
      return r;
    }

    String d(String s) {
      return s.isEmpty() ? "empty" : s.substring(1) + s.charAt(0) + s.length();
    }

    String e(Object o) {
      return o == null ? "null" : o.getClass().getName() + "@" + o.hashCode() + d(o.toString());
    }

    double f(double v) {
      return Math.sqrt(Math.abs(v)) + Math.log1p(Math.abs(v)) - Math.sin(v) * Math.cos(v);
    }
  }

  private static Object unsafe() throws ReflectiveOperationException {
    Field f = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
    f.setAccessible(true);
    return f.get(null);
  }
}
