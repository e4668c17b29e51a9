package corpus.app;

import corpus.support.HeapDumps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Leak (class loaders): a host that redeploys a plugin in a new class loader each time, as
 * application servers redeploy web applications. The plugin subscribes to the host's events when it
 * starts; undeploying closes its loader but never unsubscribes it, so every old deployment's
 * listener keeps its class, its loader and the class's static data: +25 deployments per step.
 */
public final class PluginHost {
  /** The host's event listeners; each deployment's plugin subscribes here. */
  static final List<Consumer<String>> LISTENERS = new CopyOnWriteArrayList<>();

  /** Child-first loader for the plugin's package, as a web application's loader is. */
  static final class PluginLoader extends URLClassLoader {
    PluginLoader(URL classes, ClassLoader parent) {
      super("plugin", new URL[] {classes}, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith("corpus.plugin.")) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        return loaded != null ? loaded : findClass(name);
      }
    }
  }

  @SuppressWarnings("unchecked")
  static void redeploy(URL classes) throws ReflectiveOperationException {
    PluginLoader loader = new PluginLoader(classes, PluginHost.class.getClassLoader());
    Consumer<String> plugin =
        (Consumer<String>)
            loader.loadClass("corpus.plugin.GreetingPlugin").getDeclaredConstructor().newInstance();
    LISTENERS.add(plugin); // subscribed on start
    plugin.accept("started");
    try {
      loader.close(); // undeployed, but never unsubscribed
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void main(String[] args) throws ReflectiveOperationException {
    HeapDumps dumps = HeapDumps.from(args);
    URL classes = PluginHost.class.getProtectionDomain().getCodeSource().getLocation();
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 25; i++) {
        redeploy(classes);
      }
      dumps.take(dump);
    }
  }

  private PluginHost() {}
}
