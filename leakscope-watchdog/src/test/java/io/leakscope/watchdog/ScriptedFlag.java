package io.leakscope.watchdog;

import java.util.ArrayList;
import java.util.List;

/** A {@code G1PeriodicGCInterval} for tests: remembers every value it was given. */
final class ScriptedFlag implements G1CycleRequests.Flag {
  final List<String> writes = new ArrayList<>();
  String value = "0";
  boolean refuse;

  @Override
  public String value() {
    return value;
  }

  @Override
  public boolean isDefault() {
    return writes.isEmpty();
  }

  @Override
  public void set(String v) {
    if (refuse) {
      throw new IllegalStateException("refused");
    }
    writes.add(v);
    value = v;
  }
}
