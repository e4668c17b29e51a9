package io.leakscope.demo;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Leak {@code native}: each request writes its quote into a scratch block of native memory ({@code
 * sun.misc.Unsafe.allocateMemory}, as a native encoding library would with {@code malloc}) and
 * never frees it. Nothing on the heap refers to the blocks, so a heap dump cannot show this leak:
 * the process's resident memory grows while the live set stays flat. Stops leaking at {@value
 * #MAX_BYTES} bytes, so that a forgotten demo service cannot take the machine's memory.
 */
final class NativeScratch {

  /** Bytes leaked per request. */
  static final int BLOCK = 8 * 1024;

  /** The leak stops here: 256 MiB. */
  static final long MAX_BYTES = 256L << 20;

  private static final AtomicLong LEAKED = new AtomicLong();
  private static final Object UNSAFE;
  private static final Method ALLOCATE;
  private static final Method SET;

  static {
    try {
      Class<?> type = Class.forName("sun.misc.Unsafe");
      Field f = type.getDeclaredField("theUnsafe");
      f.setAccessible(true);
      UNSAFE = f.get(null);
      ALLOCATE = type.getMethod("allocateMemory", long.class);
      SET = type.getMethod("setMemory", long.class, long.class, byte.class);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private NativeScratch() {}

  /** Writes the quote into a new native block, which is never freed: the leak. */
  static void encode(Quote quote) {
    if (LEAKED.addAndGet(BLOCK) > MAX_BYTES) {
      LEAKED.addAndGet(-BLOCK);
      return;
    }
    try {
      long address = (long) ALLOCATE.invoke(UNSAFE, (long) BLOCK);
      // written through (the quote's first byte repeated), so that the whole block is resident,
      // as a used buffer is
      SET.invoke(UNSAFE, address, (long) BLOCK, (byte) quote.body().charAt(0));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("sun.misc.Unsafe refused: " + e, e);
    }
  }

  /** Native bytes leaked so far. */
  static long leakedBytes() {
    return LEAKED.get();
  }
}
