package io.leakscope.cli.it.programs;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A session store that grows by {@value #MORE_PER_STEP} sessions at each {@code grow}, from {@value
 * #FIRST} at the first, in one of two ways ({@code -Dsessions.kind}): {@code window} replaces every
 * session at each step (a store swept of idle sessions, caught while the traffic rises: each dump's
 * sessions are all new), {@code leak} keeps every session and adds the new ones, and {@code churn}
 * replaces every session but one in {@value #KEPT_ONE_IN} at each step, keeping those for good (a
 * map of requests in flight that an answer removes and a failure does not). The sizes are the same;
 * only the sessions' ids tell them apart.
 */
public final class SessionWindowProgram {
  /** Sessions at the first step. */
  public static final int FIRST = 3_000;

  /** Sessions more at each step after it. */
  public static final int MORE_PER_STEP = 300;

  /** In {@code churn}, one session in this many is never removed. */
  public static final int KEPT_ONE_IN = 8;

  /** A logged-in user's session: its id and its attributes. */
  static final class UserSession {
    final String id;
    final long number;
    final byte[] attributes = new byte[600];

    UserSession(String id, long number) {
      this.id = id;
      this.number = number;
    }
  }

  static final Map<String, UserSession> SESSIONS = new ConcurrentHashMap<>();

  private static int step;
  private static long made;

  public static void main(String[] args) throws IOException {
    String kind = System.getProperty("sessions.kind");
    CommandLoop.readyThenServe(
        Map.of(
            "grow",
            () -> {
              int size = FIRST + step * MORE_PER_STEP;
              step++;
              if (kind.equals("window")) {
                SESSIONS.clear();
              } else if (kind.equals("churn")) {
                SESSIONS.values().removeIf(s -> s.number % KEPT_ONE_IN != 0);
              }
              while (SESSIONS.size() < size) {
                String id = new StringBuilder("session-").append(made).toString();
                SESSIONS.put(id, new UserSession(id, made++));
              }
            }));
  }

  private SessionWindowProgram() {}
}
