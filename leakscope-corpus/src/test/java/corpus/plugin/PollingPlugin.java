package corpus.plugin;

import java.util.function.Consumer;

/**
 * A plugin that {@link corpus.app.PluginPollers} deploys in a class loader of its own, once per
 * deployment, and that starts a thread of its own on start to poll its source, a thread nothing
 * stops on undeploy: the thread runs the plugin's code, so it keeps the plugin's class, loader and
 * static templates.
 */
public final class PollingPlugin implements Consumer<String> {
  /** The plugin's templates, loaded with its class. */
  static final byte[] TEMPLATES = new byte[24 * 1024];

  private volatile int polls;

  @Override
  public void accept(String event) {
    Thread poller =
        new Thread(
            () -> {
              while (true) {
                polls += TEMPLATES.length > 0 ? 1 : 0;
                try {
                  Thread.sleep(60_000);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "feed-poller");
    poller.setDaemon(true);
    poller.start();
  }
}
