package io.leakscope.cli.it.programs;

/**
 * Code that {@link PlantedLeaksProgram} loads again, in a new class loader, each time it
 * "redeploys", and that starts a thread of its own ({@code plugin-poller}) which nothing stops: the
 * thread runs the plugin, so it keeps the plugin's class, loader and static state.
 */
public final class ThreadedPlugin implements Runnable {
  static final byte[] STATE = new byte[120_000];

  private volatile int polls;

  public ThreadedPlugin() {
    Thread poller = new Thread(this, "plugin-poller");
    poller.setDaemon(true);
    poller.start();
  }

  @Override
  public void run() {
    while (true) {
      polls += STATE.length > 0 ? 1 : 0;
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
