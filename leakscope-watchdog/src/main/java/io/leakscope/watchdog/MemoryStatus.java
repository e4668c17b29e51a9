package io.leakscope.watchdog;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The watchdog's latest view of the whole process's memory ({@link Watchdog#latestMemory()}): the
 * footprint it sampled last and the two verdicts judged on it. Immutable; taken by the watchdog's
 * thread at most every 30 s and published whole, so a reader on another thread (the metrics, the
 * endpoint) sees one consistent sample.
 *
 * @param footprint the latest footprint: RSS, container, JVM figures, NMT when on
 * @param fit whether the heap maximum plus the measured non-heap memory fits the limit
 * @param growth whether the non-heap memory grows, and what grows
 */
public record MemoryStatus(MemoryFootprint footprint, MemoryFit fit, NativeGrowth.Verdict growth) {

  public MemoryStatus {
    Objects.requireNonNull(footprint, "footprint");
    Objects.requireNonNull(fit, "fit");
    Objects.requireNonNull(growth, "growth");
  }

  /**
   * The {@code memory} object of the agent's trend JSON and the Spring Boot endpoint: bytes, -1 (or
   * null for a part) when unknown. {@code fit} and {@code nativeGrowth} are the two verdicts with
   * their one-line summaries and next steps; {@code nmt} is each NMT category's committed bytes, or
   * null when tracking is off. Values are strings, booleans, numbers (a double that is not finite
   * is null, as JSON has no NaN), lists and maps, so that any JSON writer renders it the same.
   */
  public Map<String, Object> toJson() {
    MemoryFootprint f = footprint;
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("timeMillis", f.timeMillis());
    ProcessMemory p = f.process();
    json.put("rssBytes", f.rssBytes());
    json.put("anonymousBytes", p == null ? -1 : p.anonymousBytes());
    json.put("fileBytes", p == null ? -1 : p.fileBytes());
    json.put("sharedBytes", p == null ? -1 : p.sharedBytes());
    ContainerMemory c = f.container();
    Map<String, Object> container = null;
    if (c != null) {
      container = new LinkedHashMap<>();
      container.put("cgroupVersion", c.version());
      container.put("limitBytes", c.limited() ? c.limitBytes() : null);
      container.put("usageBytes", c.usageBytes());
      container.put("workingSetBytes", c.workingSetBytes());
      container.put("oomKills", c.oomKills());
    }
    json.put("container", container);
    json.put("limitBytes", f.limitBytes());
    json.put("limitIsContainer", f.limitIsContainer());
    json.put("heapMaxBytes", f.jvm() == null ? -1 : f.jvm().heapMaxBytes());
    json.put("heapBytes", f.heapBytes());
    json.put("nonHeapBytes", f.nonHeapBytes());
    json.put(
        "unaccountedBytes", f.unaccountedBytes() == Long.MIN_VALUE ? null : f.unaccountedBytes());
    Map<String, Object> nmt = null;
    if (f.nmt() != null) {
      nmt = new LinkedHashMap<>();
      for (NativeMemoryTracking.Category x : f.nmt().categories()) {
        nmt.put(x.name(), x.committedBytes());
      }
    }
    json.put("nmt", nmt);
    Map<String, Object> fitJson = new LinkedHashMap<>();
    fitJson.put("state", fit.state().key());
    fitJson.put(
        "headroomBytes", fit.state() == MemoryFit.State.UNKNOWN ? null : fit.headroomBytes());
    fitJson.put("suggestedHeapBytes", fit.suggestedHeapBytes());
    fitJson.put("summary", fit.summary());
    fitJson.put("advice", fit.advice());
    json.put("fit", fitJson);
    Map<String, Object> growthJson = new LinkedHashMap<>();
    growthJson.put("state", growth.state().key());
    growthJson.put("samples", growth.samples());
    growthJson.put("bytesPerSecond", finite(growth.bytesPerSecond()));
    growthJson.put("cause", growth.cause());
    growthJson.put("summary", growth.summary());
    growthJson.put("nextStep", growth.nextStep());
    json.put("nativeGrowth", growthJson);
    json.put("problems", f.problems());
    return json;
  }

  private static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
