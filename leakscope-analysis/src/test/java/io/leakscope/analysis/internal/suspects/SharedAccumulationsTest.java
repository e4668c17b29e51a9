package io.leakscope.analysis.internal.suspects;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.analysis.AnalysisOptions;
import io.leakscope.analysis.HeapAnalyzer;
import io.leakscope.analysis.report.AnalysisReport;
import io.leakscope.analysis.report.Suspect;
import io.leakscope.hprof.ProgressListener;
import io.leakscope.testing.hprof.HeapDumpBuilder;
import io.leakscope.testing.hprof.HeapDumpBuilder.ClassHandle;
import io.leakscope.testing.hprof.HeapDumpBuilder.FieldSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Objects that two structures keep, each structure reached from a root of its own (a metrics
 * registry in a static field, and an exporter's collectors held by another): no object dominates
 * them, and they must still make one suspect, of their class, at the structure most of their paths
 * pass.
 */
class SharedAccumulationsTest {
  @TempDir Path dir;

  private static final int METERS = 500;
  private static final int PAYLOAD = 400;

  private AnalysisReport analyze(HeapDumpBuilder b) throws IOException {
    Path p = dir.resolve("d" + System.nanoTime() + ".hprof");
    b.writeTo(p);
    return HeapAnalyzer.analyze(p, new AnalysisOptions(10), ProgressListener.NONE);
  }

  @Test
  void objectsKeptByTwoStructuresOfTwoRootsMakeOneSuspectOfTheirClass() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    ClassHandle timer =
        b.defineClass("lib.metrics.Timer", b.objectClass(), FieldSpec.ref("window"));
    ClassHandle registry =
        b.defineClass(
            "lib.metrics.Registry",
            b.objectClass(),
            FieldSpec.ref("byId"),
            FieldSpec.ref("byMeter"));
    ClassHandle collector =
        b.defineClass("lib.export.Collector", b.objectClass(), FieldSpec.ref("children"));
    ClassHandle global = b.defineClass("lib.metrics.Global", b.objectClass());
    ClassHandle exporter = b.defineClass("lib.export.Exporter", b.objectClass());
    ClassHandle other = b.defineClass("lib.cache.Cache", b.objectClass());
    for (ClassHandle c : List.of(timer, registry, collector, global, exporter, other)) {
      b.stickyClass(c);
    }
    ClassHandle objects = b.arrayClass(b.objectClass());
    long[] meters = new long[METERS];
    for (int i = 0; i < METERS; i++) {
      meters[i] = b.instance(timer, b.primitiveArray(new byte[PAYLOAD]).id()).id();
    }
    long reg =
        b.instance(
                registry, b.objectArray(objects, meters).id(), b.objectArray(objects, meters).id())
            .id();
    global.staticField(FieldSpec.ref("REGISTRY"), reg);
    // the exporter keeps the same meters in its collectors, and is held apart from the registry
    long[] halves = {
      b.instance(collector, b.objectArray(objects, java.util.Arrays.copyOf(meters, 250)).id()).id(),
      b.instance(
              collector,
              b.objectArray(objects, java.util.Arrays.copyOfRange(meters, 250, METERS)).id())
          .id()
    };
    exporter.staticField(FieldSpec.ref("COLLECTORS"), b.objectArray(objects, halves).id());
    // something else, retained by one object, that is not the same leak
    long[] entries = new long[50];
    for (int i = 0; i < entries.length; i++) {
      entries[i] = b.primitiveArray(new byte[200]).id();
    }
    other.staticField(FieldSpec.ref("ENTRIES"), b.objectArray(objects, entries).id());

    AnalysisReport report = analyze(b);
    Suspect first = report.suspects().get(0);
    assertThat(first.accumulatedClass()).isEqualTo("lib.metrics.Timer");
    assertThat(first.instances()).isEqualTo(METERS);
    assertThat(first.holder()).isIn("lib.metrics.Registry.byId", "lib.metrics.Registry.byMeter");
    // every meter with its payload, and no more than the registry and the collectors add
    long meterBytes = METERS * (long) (PAYLOAD + 16 + 16);
    assertThat(first.retainedBytes()).isBetween(meterBytes, meterBytes + 3 * 16 * (METERS + 8));
    // the collectors' arrays are the same leak: no second suspect names them
    assertThat(report.suspects())
        .extracting(Suspect::holder)
        .noneMatch(h -> h.startsWith("lib.export."));
  }

  /**
   * An owner that is a framework's registry of objects of every kind (a bean factory): beans it
   * shares with a dispatcher make a suspect there, but an application object among its beans that
   * keeps a collection of its own is another structure, and its leak stays its own suspect.
   */
  @Test
  void anApplicationObjectUnderTheSameOwnerKeepsItsOwnSuspect() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    ClassHandle factory =
        b.defineClass("lib.beans.Factory", b.objectClass(), FieldSpec.ref("singletons"));
    ClassHandle bean = b.defineClass("lib.beans.Handler", b.objectClass(), FieldSpec.ref("state"));
    ClassHandle wrapper =
        b.defineClass("lib.web.Mapping", b.objectClass(), FieldSpec.ref("handlers"));
    ClassHandle history = b.defineClass("a.OrderHistory", b.objectClass(), FieldSpec.ref("orders"));
    ClassHandle order = b.defineClass("a.Order", b.objectClass(), FieldSpec.ref("lines"));
    ClassHandle context = b.defineClass("lib.beans.Context", b.objectClass());
    ClassHandle dispatcher = b.defineClass("lib.web.Dispatcher", b.objectClass());
    for (ClassHandle c : List.of(factory, bean, wrapper, history, order, context, dispatcher)) {
      b.stickyClass(c);
    }
    ClassHandle objects = b.arrayClass(b.objectClass());
    long[] handlers = new long[30];
    for (int i = 0; i < handlers.length; i++) {
      handlers[i] = b.instance(bean, b.primitiveArray(new byte[4096]).id()).id();
    }
    long[] orders = new long[2_000];
    for (int i = 0; i < orders.length; i++) {
      orders[i] = b.instance(order, b.primitiveArray(new byte[200]).id()).id();
    }
    long app = b.instance(history, b.objectArray(objects, orders).id()).id();
    long[] singletons = java.util.Arrays.copyOf(handlers, handlers.length + 1);
    singletons[handlers.length] = app;
    context.staticField(
        FieldSpec.ref("FACTORY"),
        b.instance(factory, b.objectArray(objects, singletons).id()).id());
    // the dispatcher reaches the same handlers two steps further from its root
    long mapping = b.instance(wrapper, b.objectArray(objects, handlers).id()).id();
    dispatcher.staticField(
        FieldSpec.ref("MAPPINGS"), b.objectArray(objects, new long[] {mapping}).id());

    List<Suspect> suspects = analyze(b).suspects();
    assertThat(suspects)
        .anySatisfy(
            s -> {
              assertThat(s.holder()).isEqualTo("a.OrderHistory.orders");
              assertThat(s.accumulatedClass()).isEqualTo("a.Order");
              assertThat(s.instances()).isEqualTo(2_000);
            });
    assertThat(suspects)
        .anySatisfy(
            s -> {
              assertThat(s.accumulatedClass()).isEqualTo("lib.beans.Handler");
              assertThat(s.instances()).isEqualTo(30);
            });
  }

  /**
   * The JDK's HTTP client (JDK 25) keeps each pending call in two structures, its set of pending
   * requests and its selector, which its selector thread holds too: no object retains the calls.
   * Owned by an application field, the client is the application's, and its calls a suspect there;
   * the same structure in the JDK's own static (its table of open jar files, say) is the JDK's
   * machinery and stays none, unless what it keeps is the application's (listeners that the
   * application added to a platform MBean). Before, any owner of a JDK class was taken for
   * machinery.
   */
  @Test
  void aJdkObjectThatAnApplicationFieldOwnsKeepsItsSuspect() throws IOException {
    for (String[] kind :
        List.of(
            new String[] {"a.Rates", "jdk.internal.net.http.MultiExchange"},
            new String[] {"jdk.internal.Clients", "jdk.internal.net.http.MultiExchange"},
            new String[] {"jdk.internal.Clients", "a.PauseChart"})) {
      String root = kind[0];
      String element = kind[1];
      HeapDumpBuilder b = HeapDumpBuilder.create();
      ClassHandle impl =
          b.defineClass(
              "jdk.internal.net.http.HttpClientImpl",
              b.objectClass(),
              FieldSpec.ref("pendingRequests"),
              FieldSpec.ref("selector"));
      ClassHandle facade =
          b.defineClass(
              "jdk.internal.net.http.HttpClientFacade", b.objectClass(), FieldSpec.ref("impl"));
      ClassHandle exchange = b.defineClass(element, b.objectClass(), FieldSpec.ref("body"));
      ClassHandle attachment =
          b.defineClass(
              "jdk.internal.net.http.HttpClientImpl$SelectorAttachment",
              b.objectClass(),
              FieldSpec.ref("exchange"));
      ClassHandle holder = b.defineClass(root, b.objectClass());
      for (ClassHandle c : List.of(impl, facade, exchange, attachment, holder)) {
        b.stickyClass(c);
      }
      ClassHandle objects = b.arrayClass(b.objectClass());
      long[] calls = new long[METERS];
      long[] keys = new long[METERS];
      for (int i = 0; i < METERS; i++) {
        calls[i] = b.instance(exchange, b.primitiveArray(new byte[PAYLOAD]).id()).id();
        keys[i] = b.instance(attachment, calls[i]).id();
      }
      long selector = b.objectArray(objects, keys).id();
      // the selector thread's frame holds the selector too
      b.root(io.leakscope.hprof.HprofTag.ROOT_JNI_GLOBAL, selector);
      long client = b.instance(impl, b.objectArray(objects, calls).id(), selector).id();
      holder.staticField(FieldSpec.ref("CLIENT"), b.instance(facade, client).id());

      List<Suspect> suspects = analyze(b).suspects();
      if (root.equals("a.Rates") || element.startsWith("a.")) {
        Suspect first = suspects.get(0);
        assertThat(first.holder()).startsWith(root.equals("a.Rates") ? "a.Rates.CLIENT" : root);
        assertThat(first.accumulatedClass()).isEqualTo(element);
        assertThat(first.instances()).isEqualTo(METERS);
      } else {
        assertThat(suspects)
            .as("the JDK's own")
            .noneMatch(s -> s.accumulatedClass().equals(element));
      }
    }
  }

  /**
   * The JDK's HTTP client of JDK 17 keeps each pending call under its selector's keys, and the
   * selector thread refers to some keys from its frame: those are top-level objects, a shared
   * accumulation of the JDK's keys, into which the selector's usual accumulation of the
   * application's calls is folded. The suspect names the application's calls, not the JDK's keys;
   * before, it named "45 × SelectionKeyImpl".
   */
  @Test
  void aSharedAccumulationOfTheJdksObjectsIsNamedByWhatTheApplicationStores() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    ClassHandle impl =
        b.defineClass(
            "jdk.internal.net.http.HttpClientImpl", b.objectClass(), FieldSpec.ref("keys"));
    ClassHandle key =
        b.defineClass("sun.nio.ch.SelectionKeyImpl", b.objectClass(), FieldSpec.ref("attachment"));
    ClassHandle call = b.defineClass("a.Call", b.objectClass(), FieldSpec.ref("body"));
    ClassHandle rates = b.defineClass("a.Rates", b.objectClass());
    for (ClassHandle c : List.of(impl, key, call, rates)) {
      b.stickyClass(c);
    }
    ClassHandle objects = b.arrayClass(b.objectClass());
    long[] keys = new long[METERS];
    for (int i = 0; i < METERS; i++) {
      long pending = b.instance(call, b.primitiveArray(new byte[PAYLOAD]).id()).id();
      keys[i] = b.instance(key, pending).id();
    }
    // the selector thread's frame refers to a fifth of the keys too
    long[] selected = java.util.Arrays.copyOf(keys, METERS / 5);
    b.root(io.leakscope.hprof.HprofTag.ROOT_JNI_GLOBAL, b.objectArray(objects, selected).id());
    long client = b.instance(impl, b.objectArray(objects, keys).id()).id();
    rates.staticField(FieldSpec.ref("CLIENT"), client);

    Suspect first = analyze(b).suspects().get(0);
    assertThat(first.holder()).startsWith("a.Rates.CLIENT");
    assertThat(first.accumulatedClass()).isEqualTo("a.Call");
    assertThat(first.instances()).isEqualTo(METERS - METERS / 5);
  }
}
