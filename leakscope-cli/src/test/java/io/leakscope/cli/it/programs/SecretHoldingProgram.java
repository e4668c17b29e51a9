package io.leakscope.cli.it.programs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Holds the secret given as {@code -Dsecret=…} in the shapes a heap dump shows it: a String (its
 * hash code computed, as a map key's would be), a {@code char[]}, a {@code byte[]} and a String
 * with a non-Latin-1 character (stored as UTF-16). Beside it, a static map of sessions (each with a
 * token String, a {@code byte[]} and numbers in fields) is the leak the analysis points to, and
 * three direct buffers hold native memory the analysis counts. A string literal, {@link #LITERAL},
 * stands for a secret written in the code.
 */
public final class SecretHoldingProgram {
  /** A secret written in the code: HotSpot dumps it as a symbol (UTF8 record) too. */
  public static final String LITERAL = "literal-api-key-5b1d93e0c7";

  static String config;
  static String TOKEN;
  static char[] CHARS;
  static byte[] BYTES;
  static String WIDE;
  static final Map<String, Session> SESSIONS = new HashMap<>();
  static final java.util.List<java.nio.ByteBuffer> BUFFERS = new java.util.ArrayList<>();

  static final class Session {
    final long created;
    final int pin;
    final byte[] state;

    Session(long created, int pin, byte[] state) {
      this.created = created;
      this.pin = pin;
      this.state = state;
    }
  }

  public static void main(String[] args) throws IOException {
    String secret = System.getProperty("secret");
    config = LITERAL;
    TOKEN = new String(secret.toCharArray());
    int unused = TOKEN.hashCode(); // caches String.hash, as a real application would
    CHARS = secret.toCharArray();
    BYTES = secret.getBytes(StandardCharsets.ISO_8859_1);
    WIDE = "\u20ac" + secret;
    unused = WIDE.hashCode();
    for (int i = 0; i < 3000; i++) {
      byte[] state = new byte[64 + i % 100];
      state[i % state.length] = (byte) i;
      SESSIONS.put("session-" + i, new Session(1_700_000_000_000L + i, 1000 + i, state));
    }
    SESSIONS.put(TOKEN, new Session(42, 4711, BYTES));
    for (int i = 1; i <= 3; i++) {
      BUFFERS.add(java.nio.ByteBuffer.allocateDirect(8192 * i));
    }
    CommandLoop.readyThenServe(Map.of());
  }
}
