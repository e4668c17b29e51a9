package io.leakscope.cli.it.programs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A classic leak beside a legitimate structure: sessions are put into a static map and never
 * removed (the biggest thing in the heap), while a bounded cache of reference data sits in an
 * instance field of a long-lived service.
 */
public final class SessionLeakProgram {
  static final Map<String, Session> SESSIONS = new HashMap<>();
  static Service service;

  static final class Session {
    final String user;
    final byte[] attributes;

    Session(String user, byte[] attributes) {
      this.user = user;
      this.attributes = attributes;
    }
  }

  static final class Service {
    final List<long[]> referenceData = new ArrayList<>();
  }

  public static void main(String[] args) throws IOException {
    fill();
    CommandLoop.readyThenServe(Map.of());
  }

  private static void fill() {
    for (int i = 0; i < 6000; i++) {
      SESSIONS.put("session-" + i, new Session("user-" + i, new byte[512]));
    }
    service = new Service();
    for (int i = 0; i < 200; i++) {
      service.referenceData.add(new long[128]); // about a third of the leak's size
    }
  }
}
