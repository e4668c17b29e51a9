package io.leakscope.watchdog;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The name of this host as it goes into evidence file names ({@code heap-<host>-<time>.hprof.gz}),
 * so that dumps from many machines or Kubernetes pods on one shared volume never collide: the
 * {@code HOSTNAME} environment variable (a pod's name in Kubernetes), else {@link
 * InetAddress#getLocalHost()}'s name, else {@code unknown-host}; reduced to the characters {@code
 * A-Z a-z 0-9 . _ -} (others become {@code _}) and at most {@value #MAX_LENGTH} of them, so that it
 * is safe in a file name on any file system and in a shell word.
 *
 * <p>Thread-safe. The look-up may ask the resolver, so it is made once, on first use, and never on
 * the thread that starts the agent.
 */
public final class HostName {

  /** The longest name kept, in characters. */
  static final int MAX_LENGTH = 63;

  /** The name used when none can be found. */
  static final String UNKNOWN = "unknown-host";

  private HostName() {}

  /** This host's name, made safe for file names; the same for the life of the JVM. */
  public static String current() {
    return Holder.NAME;
  }

  private static final class Holder {
    static final String NAME = of(System.getenv(), HostName::localHost);
  }

  /**
   * The host name from this environment, else from {@code localHost}, made safe for file names.
   *
   * @param environment the environment variables; {@code HOSTNAME} is read
   * @param localHost the name the network stack gives; may return null or throw {@link
   *     RuntimeException} when it has none
   */
  static String of(Map<String, String> environment, Supplier<String> localHost) {
    String name = environment.get("HOSTNAME");
    if (name == null || name.isBlank()) {
      try {
        name = localHost.get();
      } catch (RuntimeException e) {
        name = null;
      }
    }
    return sanitize(name);
  }

  /** Keeps {@code A-Z a-z 0-9 . _ -}, replaces others with {@code _}, cuts at the maximum. */
  static String sanitize(String name) {
    if (name == null || name.isBlank()) {
      return UNKNOWN;
    }
    String s = name.strip();
    StringBuilder out = new StringBuilder(Math.min(s.length(), MAX_LENGTH));
    for (int i = 0; i < s.length() && out.length() < MAX_LENGTH; i++) {
      char c = s.charAt(i);
      boolean safe =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
      out.append(safe ? c : '_');
    }
    // A name of dots alone (".", "..") would read as a directory in a path.
    return out.chars().allMatch(c -> c == '.') ? UNKNOWN : out.toString();
  }

  private static String localHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return null;
    }
  }
}
