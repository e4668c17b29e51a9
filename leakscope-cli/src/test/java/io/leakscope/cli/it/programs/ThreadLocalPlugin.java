package io.leakscope.cli.it.programs;

/**
 * Code that {@link ThreadLocalPluginProgram} loads again, in a new class loader, each time it
 * redeploys: each copy keeps a formatter per thread in a ThreadLocal of its own, and never removes
 * it, so the pool's threads keep every old copy's loader.
 */
public final class ThreadLocalPlugin implements Runnable {
  static final byte[] TEMPLATES = new byte[64 * 1024];
  static final ThreadLocal<Formatter> FORMATTER = ThreadLocal.withInitial(Formatter::new);

  /** What each thread keeps for the plugin. */
  static final class Formatter {
    final StringBuilder buffer = new StringBuilder(64);
  }

  @Override
  public void run() {
    FORMATTER.get().buffer.setLength(TEMPLATES.length % 7);
  }
}
