package io.leakscope.micrometer;

import io.leakscope.watchdog.MetricFamily;
import io.leakscope.watchdog.MetricSeries;
import io.leakscope.watchdog.Watchdog;
import io.leakscope.watchdog.WatchdogJmx;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Publishes a leakscope watchdog's verdicts as Micrometer meters, from a {@link Watchdog} the
 * application started ({@code new LeakscopeMetrics(watchdog).bindTo(registry)}) or from the
 * leakscope agent's ({@code LeakscopeMetrics.fromAgent().ifPresent(m -> m.bindTo(registry))}).
 *
 * <p>The meters are the {@link MetricFamily} families, the same names, types and help the agent
 * serves at {@code metrics=HOST:PORT}; in Prometheus {@code leakscope_state}, {@code
 * leakscope_leak_suspected}, {@code leakscope_live_set_readings}, {@code leakscope_live_set_bytes},
 * {@code leakscope_live_set_growth_bytes_per_second}, {@code leakscope_live_set_growth_p_value},
 * {@code leakscope_heap_time_to_full_seconds}, {@code leakscope_class_loaders}, and per trended
 * signal ({@code signal="threads"}, …) {@code leakscope_resource_growing}, {@code
 * leakscope_resource_growth_rate}, {@code leakscope_resource_growth_p_value}; and the whole
 * process's memory: {@code leakscope_process_resident_bytes{kind}}, {@code
 * leakscope_container_memory_limit_bytes}, {@code _usage_bytes}, {@code _working_set_bytes}, {@code
 * leakscope_memory_non_heap_bytes}, {@code leakscope_memory_unaccounted_bytes}, {@code
 * leakscope_native_memory_committed_bytes{category}}, {@code leakscope_memory_fit}, {@code
 * leakscope_memory_headroom_bytes}, {@code leakscope_native_growing} and {@code
 * leakscope_native_growth_bytes_per_second}. Raw thread, class, memory-pool, buffer and
 * file-descriptor figures are not repeated: Micrometer's {@code JvmThreadMetrics}, {@code
 * ClassLoaderMetrics}, {@code JvmMemoryMetrics} and {@code FileDescriptorMetrics} give them as
 * {@code jvm_*} and {@code process_files_*}.
 *
 * <p>A value that is unknown reads as NaN: while the verdict is insufficient-data ({@code
 * leakscope_state} 0) the leak gauge is NaN, never 0, and so are the growth, its p-value and the
 * time to full.
 *
 * <p>Cost: from a watchdog, every gauge reads a field of its latest immutable verdict or signals
 * and allocates nothing. From the agent, the gauges share one read of the MBean's {@code
 * SeriesValues} (one {@code double[]} of about 50 values) per {@value #AGENT_READ_NANOS} ns at
 * most, so a scrape makes one MBean call, not one per gauge. No thread is started. The meters hold
 * the watchdog (or the MBean reader) strongly; remove them from the registry to let it go.
 */
public final class LeakscopeMetrics implements MeterBinder {

  /** How long one read of the agent's MBean serves the gauges: one scrape's worth. */
  static final long AGENT_READ_NANOS = 1_000_000_000L;

  private final Source source;
  private final Tags tags;

  /**
   * @param watchdog the watchdog to report on; not null
   */
  public LeakscopeMetrics(Watchdog watchdog) {
    this(watchdog, Tags.empty());
  }

  /**
   * @param watchdog the watchdog to report on; not null
   * @param tags added to every meter; not null
   */
  public LeakscopeMetrics(Watchdog watchdog, Iterable<Tag> tags) {
    this(new WatchdogSource(Objects.requireNonNull(watchdog, "watchdog")), tags);
  }

  private LeakscopeMetrics(Source source, Iterable<Tag> tags) {
    this.source = source;
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
  }

  /**
   * The leakscope agent's watchdog in this JVM, when the agent runs ({@code -javaagent:
   * leakscope-agent.jar=…}, registered as the platform MXBean {@value WatchdogJmx#OBJECT_NAME}).
   *
   * @return a binder for the agent's watchdog, or empty when no agent registered one (none is
   *     attached, or it was attached after this call)
   */
  public static Optional<LeakscopeMetrics> fromAgent() {
    return fromAgent(Tags.empty());
  }

  /**
   * As {@link #fromAgent()}, with tags added to every meter.
   *
   * @param tags not null
   */
  public static Optional<LeakscopeMetrics> fromAgent(Iterable<Tag> tags) {
    Objects.requireNonNull(tags, "tags");
    return AgentSource.find().map(source -> new LeakscopeMetrics(source, tags));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    List<MetricSeries> series = source.series();
    for (int i = 0; i < series.size(); i++) {
      MetricSeries s = series.get(i);
      MetricFamily family = s.family();
      int index = i;
      Gauge.builder(family.meterName(), source, src -> src.value(index))
          .tags(s.label() == null ? tags : tags.and(family.labelName(), s.label()))
          .baseUnit(family.baseUnit())
          .description(family.help())
          .strongReference(true)
          .register(registry);
    }
  }

  /** Where the values come from: the series offered, and each one's value by index. */
  private interface Source {
    List<MetricSeries> series();

    double value(int index);
  }

  private static final class WatchdogSource implements Source {
    private final Watchdog watchdog;
    private final List<MetricSeries> series;

    WatchdogSource(Watchdog watchdog) {
      this.watchdog = watchdog;
      this.series = MetricSeries.of(watchdog.latestSignals());
    }

    @Override
    public List<MetricSeries> series() {
      return series;
    }

    @Override
    public double value(int index) {
      return series
          .get(index)
          .value(watchdog.latestVerdict(), watchdog.latestSignals(), watchdog.latestMemory());
    }
  }

  /**
   * The agent's MBean. The series are matched by key with this version's, so an agent of another
   * version offers the series both know. Values are read in one call and kept for {@link
   * #AGENT_READ_NANOS}; NaN when the read fails (the MBean unregistered at shutdown), and the next
   * read is tried as late.
   */
  private static final class AgentSource implements Source {
    private final MBeanServer server;
    private final ObjectName name;
    private final List<MetricSeries> series;
    private final int[] agentIndex;
    private volatile Read last;

    private record Read(long nanos, double[] values) {}

    private AgentSource(
        MBeanServer server, ObjectName name, List<MetricSeries> series, int[] agentIndex) {
      this.server = server;
      this.name = name;
      this.series = series;
      this.agentIndex = agentIndex;
    }

    static Optional<AgentSource> find() {
      try {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(WatchdogJmx.OBJECT_NAME);
        if (!server.isRegistered(name)) {
          return Optional.empty();
        }
        String[] names = (String[]) server.getAttribute(name, "SeriesNames");
        Map<String, Integer> byKey = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
          byKey.put(names[i], i);
        }
        List<MetricSeries> series = new ArrayList<>();
        List<Integer> indices = new ArrayList<>();
        for (MetricSeries s : MetricSeries.all()) {
          Integer i = byKey.get(s.key());
          if (i != null) {
            series.add(s);
            indices.add(i);
          }
        }
        int[] agentIndex = indices.stream().mapToInt(Integer::intValue).toArray();
        return Optional.of(new AgentSource(server, name, List.copyOf(series), agentIndex));
      } catch (JMException | ClassCastException e) {
        return Optional.empty();
      }
    }

    @Override
    public List<MetricSeries> series() {
      return series;
    }

    @Override
    public double value(int index) {
      Read read = last;
      long now = System.nanoTime();
      if (read == null || now - read.nanos() > AGENT_READ_NANOS) {
        read = new Read(now, fetch());
        last = read;
      }
      int i = agentIndex[index];
      return i < read.values().length ? read.values()[i] : Double.NaN;
    }

    private double[] fetch() {
      try {
        return (double[]) server.getAttribute(name, "SeriesValues");
      } catch (JMException | ClassCastException e) {
        return new double[0];
      }
    }
  }
}
