package corpus.app;

import corpus.support.HeapDumps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.function.Consumer;

/**
 * Leak (class loaders): the same host as {@link PluginHost} redeploys a plugin that starts a thread
 * of its own on start (a poller, {@code feed-poller}, asleep between polls) which undeploying never
 * stops. Nothing of the host refers to an old deployment; its thread does, and through the code it
 * runs, its class, loader and static data: +25 deployments per step.
 */
public final class PluginPollers {
  @SuppressWarnings("unchecked")
  static void redeploy(URL classes) throws ReflectiveOperationException {
    PluginHost.PluginLoader loader =
        new PluginHost.PluginLoader(classes, PluginPollers.class.getClassLoader());
    Consumer<String> plugin =
        (Consumer<String>)
            loader.loadClass("corpus.plugin.PollingPlugin").getDeclaredConstructor().newInstance();
    plugin.accept("started");
    try {
      loader.close(); // undeployed; its poller thread runs on
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    URL classes = PluginPollers.class.getProtectionDomain().getCodeSource().getLocation();
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 25; i++) {
        redeploy(classes);
      }
      Thread.sleep(300);
      dumps.take(dump);
    }
  }

  private PluginPollers() {}
}
