package io.leakscope.micrometer;

import io.leakscope.watchdog.Signal;
import io.leakscope.watchdog.Signals;
import io.leakscope.watchdog.TrendVerdict;
import io.leakscope.watchdog.Watchdog;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Publishes a {@link Watchdog}'s verdict and signals as Micrometer meters: {@code new
 * LeakscopeMetrics(watchdog).bindTo(registry)}.
 *
 * <p>Names follow Micrometer's conventions (dot-separated, lower case, base units) so that each
 * registry renders them in its own style; in Prometheus they are {@code leakscope_*}:
 *
 * <table>
 *   <caption>meters and their Prometheus names</caption>
 *   <tr><th>meter</th><th>Prometheus</th><th>what</th></tr>
 *   <tr><td>{@code leakscope.live.set} (bytes)</td><td>{@code leakscope_live_set_bytes}</td>
 *       <td>live set after GC of the long-lived pools</td></tr>
 *   <tr><td>{@code leakscope.live.set.growth} (bytes/s)</td>
 *       <td>{@code leakscope_live_set_growth_bytes_per_second}</td>
 *       <td>its robust (Theil–Sen) growth rate over the window</td></tr>
 *   <tr><td>{@code leakscope.leak.suspected}</td><td>{@code leakscope_leak_suspected}</td>
 *       <td>1 while the verdict is leaking, else 0</td></tr>
 *   <tr><td>{@code leakscope.heap.time.to.full} (seconds)</td>
 *       <td>{@code leakscope_heap_time_to_full_seconds}</td>
 *       <td>at the current growth, until the heap is full; NaN when it does not grow</td></tr>
 *   <tr><td>{@code leakscope.threads.live|daemon|peak} (threads)</td>
 *       <td>{@code leakscope_threads_live_threads} …</td><td>platform threads</td></tr>
 *   <tr><td>{@code leakscope.classes.loaded} (classes), {@code leakscope.classes.unloaded}
 *       (counter)</td><td>{@code leakscope_classes_loaded_classes}, {@code
 *       leakscope_classes_unloaded_classes_total}</td><td>classes</td></tr>
 *   <tr><td>{@code leakscope.class.loaders}</td><td>{@code leakscope_class_loaders}</td>
 *       <td>live class loaders</td></tr>
 *   <tr><td>{@code leakscope.buffer.count|memory.used|total.capacity} tagged {@code
 *       id=direct|mapped}</td><td>{@code leakscope_buffer_count_buffers} …</td>
 *       <td>buffer pools</td></tr>
 *   <tr><td>{@code leakscope.fds.open|max} (files)</td><td>{@code leakscope_fds_open_files}
 *       …</td><td>file descriptors</td></tr>
 *   <tr><td>{@code leakscope.resource.growing}, {@code leakscope.resource.growth.rate} tagged
 *       {@code signal=threads|classesLoaded|classLoaders|directBufferBytes|mappedBufferBytes|
 *       openFds}</td><td>{@code leakscope_resource_growing} …</td>
 *       <td>1 while that signal grows steadily; its growth per second</td></tr>
 * </table>
 *
 * <p>A signal the JVM cannot give (file descriptors on Windows, class loaders off HotSpot) gets no
 * meter. A value not sampled yet reads as NaN.
 *
 * <p>Cost: every meter reads a field of the watchdog's latest immutable verdict or signals, which
 * the watchdog's own thread replaces at each check. The binder starts no thread and allocates
 * nothing per scrape. The meters hold the watchdog strongly, so they keep reporting for as long as
 * they are registered; remove them from the registry to let it go.
 */
public final class LeakscopeMetrics implements MeterBinder {

  private final Watchdog watchdog;
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
    this.watchdog = Objects.requireNonNull(watchdog, "watchdog");
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    verdictGauge(registry, "leakscope.live.set", "bytes", "Live set after GC", v -> v.liveBytes());
    verdictGauge(
        registry,
        "leakscope.live.set.growth",
        "bytes.per.second",
        "Robust growth rate of the live set after GC",
        TrendVerdict::slopeBytesPerSecond);
    verdictGauge(
        registry,
        "leakscope.leak.suspected",
        null,
        "1 while the live set grows like a leak",
        v -> v.leaking() ? 1 : 0);
    verdictGauge(
        registry,
        "leakscope.heap.time.to.full",
        "seconds",
        "Time until the heap is full at the current growth; NaN when it does not grow",
        v -> v.secondsToFull() < 0 ? Double.NaN : v.secondsToFull());

    Signals available = watchdog.latestSignals();
    signalGauge(
        registry, available, Signal.THREADS, "leakscope.threads.live", "threads", Tags.empty());
    signalGauge(
        registry,
        available,
        Signal.THREADS_DAEMON,
        "leakscope.threads.daemon",
        "threads",
        Tags.empty());
    signalGauge(
        registry,
        available,
        Signal.THREADS_PEAK,
        "leakscope.threads.peak",
        "threads",
        Tags.empty());
    signalGauge(
        registry,
        available,
        Signal.CLASSES_LOADED,
        "leakscope.classes.loaded",
        "classes",
        Tags.empty());
    if (available.available(Signal.CLASSES_UNLOADED)) {
      FunctionCounter.builder(
              "leakscope.classes.unloaded",
              watchdog,
              w -> Math.max(0, w.latestSignals().value(Signal.CLASSES_UNLOADED)))
          .tags(tags)
          .baseUnit("classes")
          .description("Classes unloaded since the JVM started")
          .register(registry);
    }
    signalGauge(
        registry, available, Signal.CLASS_LOADERS, "leakscope.class.loaders", null, Tags.empty());
    bufferPool(
        registry,
        available,
        "direct",
        Signal.DIRECT_BUFFERS,
        Signal.DIRECT_BUFFER_BYTES,
        Signal.DIRECT_BUFFER_CAPACITY);
    bufferPool(
        registry,
        available,
        "mapped",
        Signal.MAPPED_BUFFERS,
        Signal.MAPPED_BUFFER_BYTES,
        Signal.MAPPED_BUFFER_CAPACITY);
    signalGauge(registry, available, Signal.OPEN_FDS, "leakscope.fds.open", "files", Tags.empty());
    signalGauge(registry, available, Signal.MAX_FDS, "leakscope.fds.max", "files", Tags.empty());

    for (Signal signal : Signal.values()) {
      if (!signal.trended() || !available.available(signal)) {
        continue;
      }
      Tags signalTag = tags.and("signal", signal.key());
      Gauge.builder(
              "leakscope.resource.growing",
              watchdog,
              w -> w.latestSignals().growing(signal) ? 1 : 0)
          .tags(signalTag)
          .description("1 while the resource grows steadily over the window")
          .strongReference(true)
          .register(registry);
      Gauge.builder(
              "leakscope.resource.growth.rate",
              watchdog,
              w -> w.latestSignals().growthPerSecond(signal))
          .tags(signalTag)
          .description("Robust growth of the resource per second (count or bytes)")
          .strongReference(true)
          .register(registry);
    }
  }

  private void verdictGauge(
      MeterRegistry registry,
      String name,
      String baseUnit,
      String description,
      ToDoubleFunction<TrendVerdict> value) {
    Gauge.builder(name, watchdog, w -> value.applyAsDouble(w.latestVerdict()))
        .tags(tags)
        .baseUnit(baseUnit)
        .description(description)
        .strongReference(true)
        .register(registry);
  }

  private void bufferPool(
      MeterRegistry registry,
      Signals available,
      String id,
      Signal count,
      Signal used,
      Signal capacity) {
    Tags pool = Tags.of("id", id);
    signalGauge(registry, available, count, "leakscope.buffer.count", "buffers", pool);
    signalGauge(registry, available, used, "leakscope.buffer.memory.used", "bytes", pool);
    signalGauge(registry, available, capacity, "leakscope.buffer.total.capacity", "bytes", pool);
  }

  private void signalGauge(
      MeterRegistry registry,
      Signals available,
      Signal signal,
      String name,
      String baseUnit,
      Tags extra) {
    if (!available.available(signal)) {
      return;
    }
    Gauge.builder(
            name,
            watchdog,
            w -> {
              long v = w.latestSignals().value(signal);
              return v < 0 ? Double.NaN : v;
            })
        .tags(tags.and(extra))
        .baseUnit(baseUnit)
        .description("leakscope signal " + signal.key())
        .strongReference(true)
        .register(registry);
  }
}
