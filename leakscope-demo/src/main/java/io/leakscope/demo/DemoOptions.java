package io.leakscope.demo;

/**
 * The command line of {@link DemoService}.
 *
 * @param port the port, 0 for any free one
 * @param leak the leak to run with
 * @param threads request threads
 * @param help whether {@code --help} was asked for
 */
record DemoOptions(int port, Leak leak, int threads, boolean help) {

  static final String USAGE =
      "usage: java -cp leakscope.jar io.leakscope.demo.DemoService [--port N] [--leak NAME]"
          + " [--threads N]\n"
          + "  --port N      port on 127.0.0.1, 0 for any free one (default 0)\n"
          + "  --leak NAME   one of "
          + String.join(", ", Leak.optionValues())
          + " (default none, or -Dleakscope.demo.leak)\n"
          + "  --threads N   request threads (default 4)";

  /**
   * Parses {@code --port N}, {@code --leak NAME}, {@code --threads N} (also as {@code
   * --name=value}) and {@code --help}.
   *
   * @param defaultLeak the leak when {@code --leak} is not given
   * @throws IllegalArgumentException with a one-line message naming the option
   */
  static DemoOptions parse(String[] args, String defaultLeak) {
    int port = 0;
    Leak leak = Leak.parse(defaultLeak);
    int threads = 4;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      switch (name) {
        case "--help", "-h" -> help = true;
        case "--port", "--leak", "--threads" -> {
          if (value == null) {
            if (i + 1 >= args.length) {
              throw new IllegalArgumentException(name + ": missing value");
            }
            value = args[++i];
          }
          switch (name) {
            case "--port" -> port = number(name, value, 0, 65535);
            case "--threads" -> threads = number(name, value, 1, 1000);
            default -> leak = Leak.parse(value);
          }
        }
        default ->
            throw new IllegalArgumentException(
                "unknown option '" + arg + "' (expected --port, --leak, --threads or --help)");
      }
    }
    return new DemoOptions(port, leak, threads, help);
  }

  static int number(String name, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        name + "=" + value + " (expected a whole number from " + min + " to " + max + ")");
  }
}
