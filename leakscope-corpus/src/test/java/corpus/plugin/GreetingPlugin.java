package corpus.plugin;

import java.util.function.Consumer;

/**
 * A plugin that {@link corpus.app.PluginHost} deploys in a class loader of its own, once per
 * deployment: its class, and with it its static templates, belong to that loader.
 */
public final class GreetingPlugin implements Consumer<String> {
  /** The plugin's templates, loaded with its class. */
  static final byte[] TEMPLATES = new byte[24 * 1024];

  private int greeted;

  @Override
  public void accept(String event) {
    greeted += TEMPLATES.length > 0 ? 1 : 0;
  }
}
