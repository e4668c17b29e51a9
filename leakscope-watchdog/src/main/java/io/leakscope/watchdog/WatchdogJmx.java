package io.leakscope.watchdog;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Registers a {@link Watchdog} as the platform MXBean {@value #OBJECT_NAME} ({@link
 * WatchdogMXBean}). The agent does, at start; an application's {@code LeakscopeMetrics.fromAgent()}
 * then finds it by name. One per JVM: when the name is taken, {@link #register} leaves the other
 * registration in place.
 *
 * <p>Cost: an attribute read copies at most one small array; nothing runs until someone reads.
 * Thread-safe.
 */
public final class WatchdogJmx implements WatchdogMXBean, AutoCloseable {

  /** The object name under which the watchdog is registered. */
  public static final String OBJECT_NAME = "io.leakscope:type=Watchdog";

  private final Watchdog watchdog;
  private final List<MetricSeries> series;
  private final String[] names;
  private final MBeanServer server;
  private final ObjectName name;

  private WatchdogJmx(Watchdog watchdog, MBeanServer server, ObjectName name) {
    this.watchdog = watchdog;
    this.series = MetricSeries.of(watchdog.latestSignals());
    this.names = series.stream().map(MetricSeries::key).toArray(String[]::new);
    this.server = server;
    this.name = name;
  }

  /**
   * Registers {@code watchdog} with the platform MBean server as {@value #OBJECT_NAME}.
   *
   * @param watchdog not null
   * @return the registration (close it to unregister), or empty when another watchdog is registered
   *     under that name already
   * @throws JMException when the MBean server refuses the registration for another reason
   */
  public static Optional<WatchdogJmx> register(Watchdog watchdog) throws JMException {
    Objects.requireNonNull(watchdog, "watchdog");
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    WatchdogJmx bean = new WatchdogJmx(watchdog, server, new ObjectName(OBJECT_NAME));
    try {
      server.registerMBean(bean, bean.name);
    } catch (InstanceAlreadyExistsException taken) {
      return Optional.empty();
    }
    return Optional.of(bean);
  }

  @Override
  public String getState() {
    return watchdog.latestVerdict().state().key();
  }

  @Override
  public int getReadings() {
    return watchdog.latestVerdict().samples();
  }

  @Override
  public long getLiveSetBytes() {
    return watchdog.latestVerdict().liveBytes();
  }

  @Override
  public double getGrowthBytesPerSecond() {
    TrendVerdict v = watchdog.latestVerdict();
    return v.state() == TrendVerdict.State.INSUFFICIENT_DATA ? Double.NaN : v.slopeBytesPerSecond();
  }

  @Override
  public String getEvidenceDirectory() {
    return watchdog.evidenceDir().toString();
  }

  @Override
  public String[] getSeriesNames() {
    return names.clone();
  }

  @Override
  public double[] getSeriesValues() {
    return MetricSeries.values(series, watchdog);
  }

  /** Unregisters the MBean; idempotent. The watchdog is not closed. */
  @Override
  public void close() {
    try {
      if (server.isRegistered(name)) {
        server.unregisterMBean(name);
      }
    } catch (JMException gone) {
      // Unregistered meanwhile: nothing left to do.
    }
  }
}
