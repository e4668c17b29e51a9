package io.leakscope.spring.boot;

import io.leakscope.watchdog.MemoryStatus;
import io.leakscope.watchdog.Signal;
import io.leakscope.watchdog.Signals;
import io.leakscope.watchdog.TrendVerdict;
import io.leakscope.watchdog.Watchdog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The Actuator endpoint {@code leakscope} ({@code /actuator/leakscope} over the web): the verdict's
 * {@code state} ({@code insufficient-data}, {@code healthy} or {@code leaking}, as in the agent's
 * trend JSON), the trend, the resource signals, the whole process's memory ({@code memory}, the
 * same object as in the agent's trend JSON; null before the watchdog's first footprint), and the
 * evidence files in the watchdog's directory. The files themselves are served by {@link
 * LeakscopeEvidenceWebExtension}, when allowed.
 */
@Endpoint(id = "leakscope")
public class LeakscopeEndpoint {

  private final Watchdog watchdog;

  public LeakscopeEndpoint(Watchdog watchdog) {
    this.watchdog = watchdog;
  }

  /** The state, trend, signals, memory and evidence, as one JSON object. */
  @ReadOperation
  public Map<String, @Nullable Object> leakscope() {
    TrendVerdict v = watchdog.latestVerdict();
    Map<String, @Nullable Object> json = new LinkedHashMap<>();
    json.put("state", v.state().key());
    Map<String, @Nullable Object> trend = new LinkedHashMap<>();
    trend.put("samples", v.samples());
    trend.put("liveBytes", v.liveBytes());
    trend.put("slopeBytesPerSecond", finite(v.slopeBytesPerSecond()));
    trend.put("pValue", finite(v.pValue()));
    trend.put("secondsToFull", v.secondsToFull() < 0 ? null : finite(v.secondsToFull()));
    json.put("trend", trend);
    json.put("signals", signals(watchdog.latestSignals()));
    MemoryStatus memory = watchdog.latestMemory();
    json.put("memory", memory == null ? null : memory.toJson());
    json.put("evidenceDir", watchdog.evidenceDir().toString());
    List<Map<String, Object>> evidence = new ArrayList<>();
    for (EvidenceFiles.Entry entry : EvidenceFiles.list(watchdog.evidenceDir())) {
      Map<String, Object> file = new LinkedHashMap<>();
      file.put("name", entry.name());
      file.put("bytes", entry.bytes());
      file.put("modified", entry.modified().toString());
      evidence.add(file);
    }
    json.put("evidence", evidence);
    json.put("limitations", watchdog.limitations());
    return json;
  }

  /** Each available signal by key: its value and, when trended, the verdict. */
  private static Map<String, Object> signals(Signals signals) {
    Map<String, Object> json = new LinkedHashMap<>();
    for (Signal signal : Signal.values()) {
      if (signals.value(signal) < 0) {
        continue;
      }
      Map<String, @Nullable Object> s = new LinkedHashMap<>();
      s.put("value", signals.value(signal));
      if (signal.trended()) {
        s.put("growing", signals.growing(signal));
        s.put("growthPerSecond", finite(signals.growthPerSecond(signal)));
        s.put("pValue", finite(signals.pValue(signal)));
        s.put("samples", signals.samples(signal));
      }
      json.put(signal.key(), s);
    }
    return json;
  }

  /** JSON has no NaN or infinity: null instead. */
  private static @Nullable Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
