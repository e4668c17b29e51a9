package io.leakscope.watchdog;

import java.util.EnumMap;
import java.util.Map;

/** A probe whose values the test sets before each sample; unavailable signals read as -1. */
final class ScriptedProbe extends SignalProbe {

  final long[] values = new long[Signal.values().length];
  final Map<Signal, String> unavailable = new EnumMap<>(Signal.class);
  int reads;

  ScriptedProbe set(Signal signal, long value) {
    values[signal.ordinal()] = value;
    return this;
  }

  @Override
  void read(long[] into) {
    reads++;
    for (Signal s : Signal.values()) {
      into[s.ordinal()] = unavailable.containsKey(s) ? -1 : values[s.ordinal()];
    }
  }

  @Override
  Map<Signal, String> unavailable() {
    return unavailable;
  }
}
