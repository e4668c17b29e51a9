package io.leakscope.cli;

import io.leakscope.watchdog.MemoryFit;
import io.leakscope.watchdog.MemoryFootprint;
import io.leakscope.watchdog.NativeGrowth;
import io.leakscope.watchdog.NativeMemoryTracking;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code leakscope memory} found: the newest footprint, the first one (for growth), the
 * verdicts, and how it was sampled. Rendered as text by {@link MemoryScreen} and as JSON by {@link
 * #toJson()} (schema: {@code docs/schema/memory-report.schema.json}).
 *
 * @param description the target's VM name and version, or null when it could not be attached to
 * @param last the newest footprint
 * @param first the first footprint (the same as {@code last} after one sample)
 * @param samples footprints taken
 * @param durationMillis time between the first and the last
 * @param fit the does-not-fit verdict on the newest footprint
 * @param growth the native-growth verdict over the samples, or null after one sample
 */
record MemorySample(
    String description,
    MemoryFootprint last,
    MemoryFootprint first,
    int samples,
    long durationMillis,
    MemoryFit fit,
    NativeGrowth.Verdict growth) {

  static MemoryFit fitOf(MemoryFootprint f) {
    return MemoryFit.judge(
        f.jvm() == null ? -1 : f.jvm().heapMaxBytes(),
        f.nonHeapBytes(),
        f.limitBytes(),
        f.limitIsContainer());
  }

  /** Growth of each series figure from the first footprint to the last, where both have it. */
  Map<String, Long> growthBytes() {
    Map<String, Long> before = first.series();
    Map<String, Long> growth = new LinkedHashMap<>();
    last.series()
        .forEach(
            (key, value) -> {
              Long old = before.get(key);
              if (old != null) {
                growth.put(key, value - old);
              }
            });
    return growth;
  }

  /** The report as JSON values (maps, lists, numbers, strings, null), keys in schema order. */
  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("schemaVersion", 1);
    json.put("pid", last.pid());
    json.put("jvm", description);
    json.put("timeMillis", last.timeMillis());
    json.put("samples", samples);
    json.put("durationMillis", durationMillis);
    json.put("process", processJson());
    json.put("container", containerJson());
    json.put("hostBytes", known(last.hostBytes()));
    json.put("jvmMemory", jvmMemoryJson());
    json.put("nonHeapBytes", known(last.nonHeapBytes()));
    long unaccounted = last.unaccountedBytes();
    json.put("unaccountedBytes", unaccounted == Long.MIN_VALUE ? null : unaccounted);
    json.put("nmt", nmtJson());
    Map<String, Object> growth = new LinkedHashMap<>();
    growthBytes().forEach(growth::put);
    json.put("growthBytes", samples > 1 ? growth : null);
    json.put("fit", fitJson());
    json.put("nativeGrowth", nativeGrowthJson());
    json.put("problems", last.problems());
    return json;
  }

  private Map<String, Object> processJson() {
    if (last.process() == null) {
      return null;
    }
    var p = last.process();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rssBytes", p.rssBytes());
    m.put("anonymousBytes", known(p.anonymousBytes()));
    m.put("fileBytes", known(p.fileBytes()));
    m.put("sharedBytes", known(p.sharedBytes()));
    m.put("swapBytes", known(p.swapBytes()));
    m.put("peakRssBytes", known(p.peakRssBytes()));
    m.put("threads", known(p.threads()));
    return m;
  }

  private Map<String, Object> containerJson() {
    if (last.container() == null) {
      return null;
    }
    var c = last.container();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cgroupVersion", c.version());
    m.put("cgroup", c.cgroup());
    m.put("directory", c.directory().toString());
    m.put("limited", c.limited());
    m.put("limitBytes", c.limited() ? c.limitBytes() : null);
    m.put("usageBytes", known(c.usageBytes()));
    m.put("inactiveFileBytes", known(c.inactiveFileBytes()));
    m.put("workingSetBytes", known(c.workingSetBytes()));
    m.put("oomKills", known(c.oomKills()));
    return m;
  }

  private Map<String, Object> jvmMemoryJson() {
    if (last.jvm() == null) {
      return null;
    }
    var j = last.jvm();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("heapUsedBytes", j.heapUsedBytes());
    m.put("heapCommittedBytes", j.heapCommittedBytes());
    m.put("heapMaxBytes", known(j.heapMaxBytes()));
    m.put("heapResidentBytes", known(last.heapResidentBytes()));
    m.put("metaspaceCommittedBytes", known(j.metaspaceCommittedBytes()));
    m.put("compressedClassCommittedBytes", known(j.compressedClassCommittedBytes()));
    m.put("codeCacheCommittedBytes", known(j.codeCacheCommittedBytes()));
    m.put("threads", j.threads());
    m.put("threadStackSizeBytes", known(j.threadStackBytes()));
    m.put("threadStacksBytes", known(last.threadStackBytes()));
    m.put("threadStacksMeasured", last.threadStacksMeasured());
    m.put("directBytes", known(j.directBytes()));
    m.put("directCount", known(j.directCount()));
    m.put("mappedBytes", known(j.mappedBytes()));
    m.put("mappedCount", known(j.mappedCount()));
    return m;
  }

  private Map<String, Object> nmtJson() {
    NativeMemoryTracking n = last.nmt();
    if (n == null) {
      return null;
    }
    Map<String, Long> growth =
        first.nmt() == null || samples < 2 ? Map.of() : n.committedGrowthSince(first.nmt());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("reservedBytes", n.reservedBytes());
    m.put("committedBytes", n.committedBytes());
    m.put(
        "categories",
        n.categories().stream()
            .map(
                c -> {
                  Map<String, Object> cm = new LinkedHashMap<>();
                  cm.put("name", c.name());
                  cm.put("reservedBytes", c.reservedBytes());
                  cm.put("committedBytes", c.committedBytes());
                  cm.put("growthBytes", growth.get(c.name()));
                  return cm;
                })
            .toList());
    return m;
  }

  private Map<String, Object> fitJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("state", fit.state().key());
    m.put("limitBytes", known(fit.limitBytes()));
    m.put("containerLimit", fit.containerLimit());
    m.put("heapMaxBytes", known(fit.heapMaxBytes()));
    m.put("nonHeapBytes", known(fit.nonHeapBytes()));
    m.put("neededBytes", known(fit.neededBytes()));
    m.put("headroomBytes", fit.state() == MemoryFit.State.UNKNOWN ? null : fit.headroomBytes());
    m.put("heapAtKillBytes", known(fit.heapAtKillBytes()));
    m.put("suggestedHeapBytes", known(fit.suggestedHeapBytes()));
    m.put(
        "suggestedRamPercentage",
        fit.suggestedRamPercentage() < 0 ? null : fit.suggestedRamPercentage());
    m.put("suggestedLimitBytes", known(fit.suggestedLimitBytes()));
    m.put("summary", fit.summary());
    m.put("advice", fit.advice());
    return m;
  }

  private Map<String, Object> nativeGrowthJson() {
    if (growth == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("state", growth.state().key());
    m.put("samples", growth.samples());
    m.put("bytesPerSecond", growth.bytesPerSecond());
    m.put("pValue", growth.pValue());
    m.put("cause", growth.cause());
    m.put("causeLabel", growth.cause() == null ? null : NativeGrowth.label(growth.cause()));
    m.put("causeBytesPerSecond", growth.causeBytesPerSecond());
    m.put("liveSetGrowing", growth.liveSetGrowing());
    m.put("summary", growth.summary());
    m.put("nextStep", growth.nextStep());
    return m;
  }

  /** Null for an unknown (negative) figure. */
  private static Long known(long v) {
    return v < 0 ? null : v;
  }

  /** The problems, for the screen. */
  List<String> problems() {
    return last.problems();
  }
}
