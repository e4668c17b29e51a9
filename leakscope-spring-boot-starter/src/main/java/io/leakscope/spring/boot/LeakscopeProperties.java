package io.leakscope.spring.boot;

import io.leakscope.watchdog.EvidenceBudget;
import io.leakscope.watchdog.TrendSettings;
import io.leakscope.watchdog.WatchdogConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/**
 * The {@code leakscope.*} properties: the watchdog's settings, with the agent's defaults and the
 * agent's names where they exist ({@code window}, {@code warm-up} for {@code warmup}, {@code
 * check-interval} for {@code check}, {@code max-dumps}, {@code min-dump-interval}, {@code
 * disk-quota}, {@code min-free-disk}).
 */
@ConfigurationProperties("leakscope")
public class LeakscopeProperties {

  /** Whether the starter starts a watchdog at all. */
  private boolean enabled = true;

  /**
   * Where events.jsonl, histograms and heap dumps go; created when missing. Defaults to "leakscope"
   * under java.io.tmpdir. On Kubernetes, a mounted volume (see docs/kubernetes.md).
   */
  private Path evidenceDir = Path.of(System.getProperty("java.io.tmpdir"), "leakscope");

  /** The trend window: only the live set after GC of this last stretch of time is judged. */
  private Duration window = TrendSettings.defaults().window();

  /**
   * Samples this soon after the watchdog starts (or after the first GC reading, if that came
   * earlier) are ignored: caches and pools filling up at start. When not set, a fifth of the
   * window, as with the agent (2 minutes for the default 10).
   */
  private @Nullable Duration warmUp;

  /** How often the trend is judged and the resource signals sampled. */
  private Duration checkInterval = WatchdogConfig.defaults(Path.of(".")).checkInterval();

  /** Heap dumps the evidence directory may hold. */
  private int maxDumps = EvidenceBudget.defaults().maxDumps();

  /** Shortest time between two heap dumps. */
  private Duration minDumpInterval = EvidenceBudget.defaults().minTimeBetweenDumps();

  /** Bytes the evidence directory may hold, dumps included. */
  private DataSize diskQuota = DataSize.ofBytes(EvidenceBudget.defaults().maxDiskBytes());

  /** Bytes that must stay free on the evidence directory's file system after a dump. */
  private DataSize minFreeDisk = DataSize.ofBytes(EvidenceBudget.defaults().minFreeDiskBytes());

  /**
   * Whether /actuator/leakscope/{name} serves the evidence files (heap dumps hold the heap's
   * contents: secure the actuator endpoints first). Off by default; the list is always shown.
   */
  private boolean evidenceDownload;

  /**
   * On G1, the least time between two concurrent cycles the watchdog asks for while it lacks
   * live-set readings; 0 for none.
   */
  private Duration g1Cycles = WatchdogConfig.DEFAULT_G1_CYCLE_EVERY;

  /**
   * The watchdog configuration these properties describe.
   *
   * @throws InvalidConfigurationPropertyValueException naming the property, its value and the
   *     allowed range when one is out of range; Spring Boot prints it as one failure description
   */
  public WatchdogConfig toConfig() {
    positive("leakscope.window", window);
    Duration warm = warmUp == null ? window.dividedBy(5) : warmUp;
    if (warm.isNegative()) {
      throw invalid("leakscope.warm-up", warm, "must be zero or positive, like 0s or 2m");
    }
    positive("leakscope.check-interval", checkInterval);
    if (maxDumps < 1) {
      throw invalid("leakscope.max-dumps", maxDumps, "must be 1 or more");
    }
    if (minDumpInterval.isNegative()) {
      throw invalid(
          "leakscope.min-dump-interval", minDumpInterval, "must be zero or positive, like 10m");
    }
    if (diskQuota.toBytes() < 1) {
      throw invalid("leakscope.disk-quota", diskQuota, "must be 1 byte or more, like 1GB");
    }
    if (minFreeDisk.isNegative()) {
      throw invalid("leakscope.min-free-disk", minFreeDisk, "must be zero or more, like 2GB");
    }
    if (g1Cycles.isNegative()) {
      throw invalid("leakscope.g1-cycles", g1Cycles, "must be zero (none) or positive, like 1m");
    }
    TrendSettings t = TrendSettings.defaults();
    return new WatchdogConfig(
            evidenceDir,
            new TrendSettings(
                window,
                warm,
                t.maxPValue(),
                t.minGrowthBytesPerSecond(),
                t.minRelativeGrowth(),
                t.minSamples()),
            new EvidenceBudget(
                maxDumps, diskQuota.toBytes(), minFreeDisk.toBytes(), minDumpInterval),
            checkInterval,
            Clock.systemUTC())
        .withG1CycleEvery(g1Cycles);
  }

  private static void positive(String name, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw invalid(name, value, "must be positive, like 30s or 10m");
    }
  }

  static InvalidConfigurationPropertyValueException invalid(
      String name, Object value, String reason) {
    return new InvalidConfigurationPropertyValueException(name, value, reason);
  }

  public Duration getG1Cycles() {
    return g1Cycles;
  }

  public void setG1Cycles(Duration g1Cycles) {
    this.g1Cycles = g1Cycles;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public Path getEvidenceDir() {
    return evidenceDir;
  }

  public void setEvidenceDir(Path evidenceDir) {
    this.evidenceDir = evidenceDir;
  }

  public Duration getWindow() {
    return window;
  }

  public void setWindow(Duration window) {
    this.window = window;
  }

  public @Nullable Duration getWarmUp() {
    return warmUp;
  }

  public void setWarmUp(@Nullable Duration warmUp) {
    this.warmUp = warmUp;
  }

  public Duration getCheckInterval() {
    return checkInterval;
  }

  public void setCheckInterval(Duration checkInterval) {
    this.checkInterval = checkInterval;
  }

  public int getMaxDumps() {
    return maxDumps;
  }

  public void setMaxDumps(int maxDumps) {
    this.maxDumps = maxDumps;
  }

  public Duration getMinDumpInterval() {
    return minDumpInterval;
  }

  public void setMinDumpInterval(Duration minDumpInterval) {
    this.minDumpInterval = minDumpInterval;
  }

  public DataSize getDiskQuota() {
    return diskQuota;
  }

  public void setDiskQuota(DataSize diskQuota) {
    this.diskQuota = diskQuota;
  }

  public DataSize getMinFreeDisk() {
    return minFreeDisk;
  }

  public void setMinFreeDisk(DataSize minFreeDisk) {
    this.minFreeDisk = minFreeDisk;
  }

  public boolean isEvidenceDownload() {
    return evidenceDownload;
  }

  public void setEvidenceDownload(boolean evidenceDownload) {
    this.evidenceDownload = evidenceDownload;
  }
}
