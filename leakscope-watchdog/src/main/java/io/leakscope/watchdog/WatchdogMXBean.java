package io.leakscope.watchdog;

/**
 * A running watchdog's latest verdict and metrics as a platform MXBean, {@value
 * WatchdogJmx#OBJECT_NAME}: what the agent registers so that an application's Micrometer registry
 * (or JConsole, or a JMX exporter) can read the agent's watchdog without sharing a class with it.
 * Every attribute has an open type; all read the watchdog's latest immutable verdict and signals.
 *
 * <p>{@link #getSeriesNames()} and {@link #getSeriesValues()} are index for index: each name is a
 * {@link MetricSeries#key()}, e.g. {@code leakscope_resource_growing{signal="threads"}}, so a
 * reader of another leakscope version matches series by name. The names are fixed for the life of
 * the MBean; a reader fetches them once and then only the values, one {@code double[]} per read.
 */
public interface WatchdogMXBean {

  /** The verdict's {@link TrendVerdict.State#key()}: insufficient-data, healthy or leaking. */
  String getState();

  /** The live-set readings after warm-up, within the window, that the verdict rests on. */
  int getReadings();

  /** The latest live set after GC, bytes; 0 before the first reading after warm-up. */
  long getLiveSetBytes();

  /** The live set's Theil–Sen growth, bytes per second; NaN without a verdict. */
  double getGrowthBytesPerSecond();

  /** The evidence directory, where events.jsonl, histograms and heap dumps go. */
  String getEvidenceDirectory();

  /** The {@link MetricSeries#key()} of each series; fixed. */
  String[] getSeriesNames();

  /** The value of each series, index for index with {@link #getSeriesNames()}; NaN unknown. */
  double[] getSeriesValues();
}
