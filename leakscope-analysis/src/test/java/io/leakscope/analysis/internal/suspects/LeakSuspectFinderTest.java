package io.leakscope.analysis.internal.suspects;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.analysis.AnalysisOptions;
import io.leakscope.analysis.HeapAnalyzer;
import io.leakscope.analysis.internal.dominators.DominatorTree;
import io.leakscope.analysis.internal.dominators.RetainedSizes;
import io.leakscope.analysis.report.AnalysisReport;
import io.leakscope.analysis.report.Suspect;
import io.leakscope.heap.HeapIndex;
import io.leakscope.hprof.HprofTag;
import io.leakscope.hprof.ProgressListener;
import io.leakscope.testing.hprof.HeapDumpBuilder;
import io.leakscope.testing.hprof.HeapDumpBuilder.ClassHandle;
import io.leakscope.testing.hprof.HeapDumpBuilder.FieldSpec;
import io.leakscope.testing.hprof.HeapDumpBuilder.Instance;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeakSuspectFinderTest {
  @TempDir Path dir;

  private AnalysisReport analyze(HeapDumpBuilder b) throws IOException {
    Path p = dir.resolve("d" + System.nanoTime() + ".hprof");
    b.writeTo(p);
    return HeapAnalyzer.analyze(p, new AnalysisOptions(10), ProgressListener.NONE);
  }

  /** A map-shaped registry: a static field → HashMap → table → nodes → value objects. */
  private static long registry(HeapDumpBuilder b, String owner, int entries, int payload) {
    ClassHandle map = b.defineClass("java.util.HashMap", b.objectClass(), FieldSpec.ref("table"));
    ClassHandle node =
        b.defineClass(
            "java.util.HashMap$Node",
            b.objectClass(),
            FieldSpec.ref("key"),
            FieldSpec.ref("value"),
            FieldSpec.ref("next"));
    ClassHandle session = b.defineClass(owner + "$Session", b.objectClass(), FieldSpec.ref("data"));
    ClassHandle holder = b.defineClass(owner, b.objectClass());
    for (ClassHandle c : List.of(map, node, session, holder, b.arrayClass(node))) {
      b.stickyClass(c);
    }
    long[] nodes = new long[entries];
    for (int i = 0; i < entries; i++) {
      long value = b.instance(session, b.primitiveArray(new byte[payload]).id()).id();
      nodes[i] = b.instance(node, b.string("k" + i).id(), value, 0L).id();
    }
    long table = b.objectArray(b.arrayClass(node), nodes).id();
    long m = b.instance(map, table).id();
    holder.staticField(FieldSpec.ref("SESSIONS"), m);
    return m;
  }

  @Test
  void staticMapRegistryIsNamedByItsFieldWithTheValueClassThatAccumulates() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    registry(b, "a.Registry", 300, 400);
    long other = b.primitiveArray(new long[2000]).id(); // 16 KB of unrelated, legitimate data
    b.root(HprofTag.ROOT_JNI_GLOBAL, other);
    AnalysisReport r = analyze(b);
    assertThat(r.suspects()).isNotEmpty();
    Suspect s = r.suspects().get(0);
    assertThat(s.rank()).isEqualTo(1);
    assertThat(s.holder()).isEqualTo("a.Registry.SESSIONS");
    assertThat(s.accumulatedClass()).isEqualTo("a.Registry$Session");
    assertThat(s.instances()).isEqualTo(300);
    assertThat(s.pathFromGcRoot())
        .containsExactly("static a.Registry.SESSIONS", "java.util.HashMap.table");
    assertThat(s.growthBytes()).isNull();
    assertThat(s.explanation()).contains("a.Registry.SESSIONS");
  }

  /**
   * What an application registers with the JDK is kept in the JDK's own wrappers (JMX keeps each
   * MBean in a {@code com.sun.jmx.mbeanserver.NamedObject}): the application's object is what
   * accumulates, not the wrapper, which it never made. A wrapper with nothing of the application's
   * in it is still named.
   */
  @Test
  void anApplicationObjectInsideTheJdksImplementationWrapperIsWhatAccumulates() throws IOException {
    for (boolean application : new boolean[] {true, false}) {
      HeapDumpBuilder b = HeapDumpBuilder.create();
      ClassHandle named =
          b.defineClass(
              "com.sun.jmx.mbeanserver.NamedObject", b.objectClass(), FieldSpec.ref("object"));
      ClassHandle stats =
          b.defineClass(
              application ? "a.TenantStats" : "javax.management.StandardMBean",
              b.objectClass(),
              FieldSpec.ref("latencies"));
      ClassHandle server = b.defineClass("java.lang.management.ManagementFactory", b.objectClass());
      b.stickyClass(server);
      long[] registered = new long[400];
      for (int i = 0; i < registered.length; i++) {
        long mbean = b.instance(stats, b.primitiveArray(new long[40]).id()).id();
        registered[i] = b.instance(named, mbean).id();
      }
      server.staticField(
          FieldSpec.ref("platformMBeanServer"),
          b.objectArray(b.arrayClass(b.objectClass()), registered).id());
      AnalysisReport r = analyze(b);
      Suspect s = r.suspects().get(0);
      assertThat(s.holder())
          .isEqualTo("java.lang.management.ManagementFactory.platformMBeanServer");
      assertThat(s.accumulatedClass())
          .isEqualTo(application ? "a.TenantStats" : "com.sun.jmx.mbeanserver.NamedObject");
      assertThat(s.instances()).isEqualTo(400);
    }
  }

  /**
   * Listeners registered with a framework's object in two of its structures at once (Spring's
   * application context keeps them in its own set and in its event multicaster's): the context
   * itself is the accumulation point, and the holder is its field through which the listeners are
   * reached first, not the field that holds the context (Spring Boot's shutdown hook's).
   */
  @Test
  void aFrameworkObjectThatIsThePointIsNamedByItsFieldThatHoldsTheElements() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    String spring = "org.springframework.";
    ClassHandle context =
        b.defineClass(
            spring + "context.support.AbstractApplicationContext",
            b.objectClass(),
            FieldSpec.ref("applicationListeners"),
            FieldSpec.ref("applicationEventMulticaster"));
    ClassHandle multicaster =
        b.defineClass(
            spring + "context.event.SimpleApplicationEventMulticaster",
            b.objectClass(),
            FieldSpec.ref("defaultRetriever"));
    ClassHandle retriever =
        b.defineClass(
            spring + "context.event.AbstractApplicationEventMulticaster$DefaultListenerRetriever",
            b.objectClass(),
            FieldSpec.ref("applicationListeners"));
    ClassHandle watch = b.defineClass("a.PriceWatch", b.objectClass(), FieldSpec.ref("view"));
    ClassHandle boot = b.defineClass(spring + "boot.SpringApplication", b.objectClass());
    b.stickyClass(boot);
    long[] listeners = new long[400];
    for (int i = 0; i < listeners.length; i++) {
      listeners[i] = b.instance(watch, b.primitiveArray(new byte[400]).id()).id();
    }
    ClassHandle objects = b.arrayClass(b.objectClass());
    long set = b.objectArray(objects, listeners).id();
    long retrieverSet = b.objectArray(objects, listeners).id();
    long events = b.instance(multicaster, b.instance(retriever, retrieverSet).id()).id();
    boot.staticField(FieldSpec.ref("shutdownHook"), b.instance(context, set, events).id());
    Suspect s = analyze(b).suspects().get(0);
    assertThat(s.holder())
        .isEqualTo(spring + "context.support.AbstractApplicationContext.applicationListeners");
    assertThat(s.accumulatedClass()).isEqualTo("a.PriceWatch");
    assertThat(s.instances()).isEqualTo(400);
  }

  /**
   * An application's own linked list: the accumulation point is its first node, and the field that
   * leaves it toward the elements is the node's {@code next}, which names nothing: the holder stays
   * the field that holds the list.
   */
  @Test
  void aLinkedListOfTheApplicationsOwnIsNamedByTheFieldThatHoldsIt() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    ClassHandle node =
        b.defineClass("a.Message", b.objectClass(), FieldSpec.ref("next"), FieldSpec.ref("body"));
    ClassHandle inbox = b.defineClass("a.Inbox", b.objectClass());
    b.stickyClass(inbox);
    long next = 0;
    for (int i = 0; i < 2_000; i++) {
      next = b.instance(node, next, b.primitiveArray(new byte[200]).id()).id();
    }
    inbox.staticField(FieldSpec.ref("HEAD"), next);
    Suspect s = analyze(b).suspects().get(0);
    assertThat(s.holder()).isEqualTo("a.Inbox.HEAD");
  }

  @Test
  void instanceFieldHolderIsNamedDeclaringClassDotField() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    ClassHandle service = b.defineClass("a.Service", b.objectClass(), FieldSpec.ref("listeners"));
    ClassHandle listener = b.defineClass("a.Listener", b.objectClass(), FieldSpec.ref("state"));
    b.stickyClass(service);
    b.stickyClass(listener);
    b.stickyClass(b.arrayClass(listener));
    long[] ls = new long[150];
    for (int i = 0; i < ls.length; i++) {
      ls[i] = b.instance(listener, b.primitiveArray(new int[50]).id()).id();
    }
    long svc = b.instance(service, b.objectArray(b.arrayClass(listener), ls).id()).id();
    b.thread("main").frame(service, "run", "()V", "Service.java", 7, svc);
    AnalysisReport r = analyze(b);
    Suspect s = r.suspects().get(0);
    assertThat(s.holder()).isEqualTo("a.Service.listeners");
    assertThat(s.accumulatedClass()).isEqualTo("a.Listener");
    assertThat(s.instances()).isEqualTo(150);
    assertThat(s.pathFromGcRoot()).containsExactly("thread main local", "a.Service.listeners");
  }

  @Test
  void bigCollectionsUnderAFewSlotArrayAreSuspectsOfTheirOwn() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    ClassHandle app = b.defineClass("a.App", b.objectClass());
    ClassHandle bag = b.defineClass("a.Bag", b.objectClass(), FieldSpec.ref("items"));
    ClassHandle item = b.defineClass("a.Item", b.objectClass(), FieldSpec.ref("data"));
    for (ClassHandle c : List.of(app, bag, item, b.arrayClass(item))) {
      b.stickyClass(c);
    }
    long[] bags = new long[3];
    for (int k = 0; k < bags.length; k++) {
      long[] items = new long[100];
      for (int i = 0; i < items.length; i++) {
        items[i] = b.instance(item, b.primitiveArray(new byte[64]).id()).id();
      }
      bags[k] = b.instance(bag, b.objectArray(b.arrayClass(item), items).id()).id();
    }
    app.staticField(FieldSpec.ref("parts"), b.objectArray(b.objectClass(), bags).id());
    AnalysisReport r = analyze(b);
    // the three bags (a third of the heap each) are found each on its own, and since one field
    // of the code holds them all, they are one suspect with three parts: one leak, one suspect
    List<Suspect> bagSuspects =
        r.suspects().stream().filter(s -> s.holder().equals("a.Bag.items")).toList();
    assertThat(bagSuspects).hasSize(1);
    Suspect bags3 = bagSuspects.get(0);
    assertThat(bags3.accumulatedClass()).isEqualTo("a.Item");
    assertThat(bags3.instances()).isEqualTo(300);
    assertThat(bags3.parts()).hasSize(3);
    assertThat(bags3.parts())
        .allSatisfy(
            p -> {
              assertThat(p.accumulatedClass()).isEqualTo("a.Item");
              assertThat(p.instances()).isEqualTo(100);
            });
    assertThat(bags3.retainedBytes())
        .isEqualTo(bags3.parts().stream().mapToLong(p -> p.retainedBytes()).sum());
    assertThat(bags3.title()).contains("in 3 parts");
  }

  @Test
  void accumulationsInsideAnotherAreNotCountedTwice() throws IOException {
    // a.App.ALL -> Object[2] -> {Object[150] of items, Object[100] of items}: the outer array fans
    // out into the 250 items through the arrays, so the inner two are inside it, not parts of it
    // (before, all three were parts of one suspect: twice the bytes of the heap)
    HeapDumpBuilder b = HeapDumpBuilder.create();
    ClassHandle app = b.defineClass("a.App", b.objectClass());
    ClassHandle item = b.defineClass("a.Item", b.objectClass(), FieldSpec.ref("data"));
    b.stickyClass(app);
    b.stickyClass(item);
    long[] lists = {items(b, item, 150), items(b, item, 100)};
    app.staticField(FieldSpec.ref("ALL"), b.objectArray(b.objectClass(), lists).id());
    AnalysisReport r = analyze(b);
    assertThat(r.suspects()).hasSize(1);
    Suspect s = r.suspects().get(0);
    assertThat(s.holder()).isEqualTo("a.App.ALL");
    assertThat(s.accumulatedClass()).isEqualTo("a.Item");
    assertThat(s.instances()).isEqualTo(250);
    assertThat(s.parts()).isEmpty();
    assertThat(s.retainedBytes()).isLessThanOrEqualTo(r.dump().totalShallowBytes());
  }

  @Test
  void anArrayOfAFewBigCollectionsIsNotASuspectBesideThem() throws IOException {
    // a.App.BAGS -> Object[2] -> two a.Bag: the array holds two objects, not many; the bags'
    // items are the suspect (one, in two parts), and the array, which holds the same bytes, is not
    // a second one
    HeapDumpBuilder b = HeapDumpBuilder.create();
    ClassHandle app = b.defineClass("a.App", b.objectClass());
    ClassHandle bag = b.defineClass("a.Bag", b.objectClass(), FieldSpec.ref("items"));
    ClassHandle item = b.defineClass("a.Item", b.objectClass(), FieldSpec.ref("data"));
    for (ClassHandle c : List.of(app, bag, item)) {
      b.stickyClass(c);
    }
    long[] bags = {
      b.instance(bag, items(b, item, 150)).id(), b.instance(bag, items(b, item, 100)).id()
    };
    app.staticField(FieldSpec.ref("BAGS"), b.objectArray(b.objectClass(), bags).id());
    AnalysisReport r = analyze(b);
    assertThat(r.suspects()).extracting(Suspect::holder).containsExactly("a.Bag.items");
    Suspect s = r.suspects().get(0);
    assertThat(s.instances()).isEqualTo(250);
    assertThat(s.parts()).extracting(p -> p.instances()).containsExactlyInAnyOrder(150L, 100L);
    assertThat(s.retainedBytes())
        .isEqualTo(s.parts().stream().mapToLong(p -> p.retainedBytes()).sum())
        .isLessThanOrEqualTo(r.dump().totalShallowBytes());
  }

  @Test
  void anAccumulationBesideTheBiggestBranchOfAnotherKeepsItsInstances() throws IOException {
    // a.App.MAPPER -> a.Mapper {modules: Object[300] of items, cache: a.Cache -> Object[2] of items
    // holding 2 KB each}: the mapper is one accumulation, its point the modules (86% of it); the
    // cache (13% of the heap) is another inside the mapper's bytes but beside that point. It goes,
    // so that its bytes are not counted twice, and its two items join the mapper's 300 (before,
    // they were lost: 300)
    HeapDumpBuilder b = HeapDumpBuilder.create();
    ClassHandle app = b.defineClass("a.App", b.objectClass());
    ClassHandle mapper =
        b.defineClass(
            "a.Mapper", b.objectClass(), FieldSpec.ref("modules"), FieldSpec.ref("cache"));
    ClassHandle cache = b.defineClass("a.Cache", b.objectClass(), FieldSpec.ref("table"));
    ClassHandle item = b.defineClass("a.Item", b.objectClass(), FieldSpec.ref("data"));
    for (ClassHandle c : List.of(app, mapper, cache, item)) {
      b.stickyClass(c);
    }
    long[] cached = {
      b.instance(item, b.primitiveArray(new byte[2000]).id()).id(),
      b.instance(item, b.primitiveArray(new byte[2000]).id()).id()
    };
    long table = b.objectArray(b.objectClass(), cached).id();
    long m = b.instance(mapper, items(b, item, 300), b.instance(cache, table).id()).id();
    app.staticField(FieldSpec.ref("MAPPER"), m);
    AnalysisReport r = analyze(b);
    assertThat(r.suspects()).hasSize(1);
    Suspect s = r.suspects().get(0);
    assertThat(s.accumulatedClass()).isEqualTo("a.Item");
    assertThat(s.instances()).isEqualTo(302);
    assertThat(s.retainedBytes()).isLessThanOrEqualTo(r.dump().totalShallowBytes());
  }

  /**
   * A library's registry keeps 3,000 beans in a table (half of its bytes: the descent stops at the
   * registry) and their names in a list, each name also a bean's field, so the registry dominates
   * the names. The table is an accumulation of its own, inside the registry's, and goes as one of
   * its elements; the registry was then named by what was left to it, "3000 × String" (Spring's
   * bean factory under ZGC on JDK 17). It is named again without the table: the beans.
   */
  @Test
  void aPointWhoseElementsWentToAPointInsideItIsNamedAgainWithoutIt() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    ClassHandle app = b.defineClass("a.App", b.objectClass());
    ClassHandle registry =
        b.defineClass(
            "org.springframework.beans.Registry",
            b.objectClass(),
            FieldSpec.ref("beans"),
            FieldSpec.ref("names"));
    ClassHandle bean =
        b.defineClass("a.Bean", b.objectClass(), FieldSpec.ref("name"), FieldSpec.ref("data"));
    for (ClassHandle c : List.of(app, registry, bean)) {
      b.stickyClass(c);
    }
    int n = 3_000;
    long[] names = new long[n];
    long[] beans = new long[n];
    for (int i = 0; i < n; i++) {
      names[i] = b.string("report-" + i + "-" + "x".repeat(60)).id();
      beans[i] = b.instance(bean, names[i], b.primitiveArray(new byte[64]).id()).id();
    }
    long r =
        b.instance(
                registry,
                b.objectArray(b.objectClass(), beans).id(),
                b.objectArray(b.objectClass(), names).id())
            .id();
    app.staticField(FieldSpec.ref("CONTEXT"), r);
    Suspect s = analyze(b).suspects().get(0);
    assertThat(s.holder()).isEqualTo("a.App.CONTEXT");
    assertThat(s.accumulatedClass()).isEqualTo("a.Bean");
    assertThat(s.instances()).isEqualTo(n);
  }

  /**
   * A map whose values are arrays of listeners, one per property (what {@code
   * PropertyChangeSupport} keeps): what accumulates is the listeners, through the arrays, not the
   * 200 arrays ("200 × PropertyChangeListener[]" hid 9,000 boards).
   */
  @Test
  void valuesThatAreArraysOfReferencesAreCountedByWhatTheyHold() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    ClassHandle app = b.defineClass("a.App", b.objectClass());
    ClassHandle listener = b.defineClass("a.Listener", b.objectClass());
    ClassHandle board = b.defineClass("a.Board", listener, FieldSpec.ref("rendered"));
    for (ClassHandle c : List.of(app, listener, board)) {
      b.stickyClass(c);
    }
    int properties = 200;
    int perProperty = 45;
    long[] arrays = new long[properties];
    for (int p = 0; p < properties; p++) {
      long[] boards = new long[perProperty];
      for (int i = 0; i < perProperty; i++) {
        boards[i] = b.instance(board, b.primitiveArray(new byte[64]).id()).id();
      }
      arrays[p] = b.objectArray(listener, boards).id();
    }
    app.staticField(FieldSpec.ref("LISTENERS"), b.objectArray(b.objectClass(), arrays).id());
    Suspect s = analyze(b).suspects().get(0);
    assertThat(s.holder()).isEqualTo("a.App.LISTENERS");
    assertThat(s.accumulatedClass()).isEqualTo("a.Board");
    assertThat(s.instances()).isEqualTo(properties * perProperty);
  }

  /**
   * A recursion through {@code thenCompose} that never ends: each future is completed by the next
   * one through a {@code UniRelay}, so each link of the chain is two objects. The accumulation is
   * the futures, counted along the chain, and the explanation says what makes such a chain; the
   * descent used to stop 10,000 steps down and name one future.
   */
  @Test
  void aChainOfFuturesEachCompletedByTheNextIsCountedByItsLinks() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    ClassHandle app = b.defineClass("a.Poller", b.objectClass());
    ClassHandle future =
        b.defineClass(
            "java.util.concurrent.CompletableFuture", b.objectClass(), FieldSpec.ref("stack"));
    ClassHandle relay =
        b.defineClass(
            "java.util.concurrent.CompletableFuture$UniRelay",
            b.objectClass(),
            FieldSpec.ref("dep"),
            FieldSpec.ref("src"));
    for (ClassHandle c : List.of(app, future, relay)) {
      b.stickyClass(c);
    }
    int polls = 12_000;
    long below = b.instance(future, 0L).id(); // the first poll's future
    for (int i = 1; i < polls; i++) {
      long r = b.instance(relay, below, 0L).id();
      below = b.instance(future, r).id();
    }
    app.staticField(FieldSpec.ref("IN_FLIGHT"), below);
    Suspect s = analyze(b).suspects().get(0);
    assertThat(s.holder()).isEqualTo("a.Poller.IN_FLIGHT");
    assertThat(s.accumulatedClass()).isEqualTo("java.util.concurrent.CompletableFuture");
    assertThat(s.instances()).isEqualTo(polls);
    assertThat(s.explanation()).contains("a chain of futures", "thenCompose");
    assertThat(s.pathFromGcRoot()).hasSizeLessThan(10);
  }

  /**
   * A Caffeine async cache whose loads never complete: the cache (a library's object) holds its
   * nodes through its table and its access-order deque, so it dominates them; under each node, a
   * pending {@code CompletableFuture} and the caller waiting on it. What accumulates is the
   * futures, not the cache's three deques (the library's own objects, looked for when nothing of
   * the application is among the elements), which were "3 × AccessOrderDeque" for 9,000 loads.
   */
  @Test
  void aFewOfALibrarysOwnObjectsDoNotHideManyOfTheJdks() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    ClassHandle app = b.defineClass("a.Prices", b.objectClass());
    String caffeine = "com.github.benmanes.caffeine.cache.";
    ClassHandle cache =
        b.defineClass(
            caffeine + "SSMS",
            b.objectClass(),
            FieldSpec.ref("data"),
            FieldSpec.ref("accessOrder"),
            FieldSpec.ref("writeOrder"),
            FieldSpec.ref("probation"));
    ClassHandle deque =
        b.defineClass(caffeine + "AccessOrderDeque", b.objectClass(), FieldSpec.ref("nodes"));
    ClassHandle node = b.defineClass(caffeine + "PSMW", b.objectClass(), FieldSpec.ref("value"));
    ClassHandle future =
        b.defineClass(
            "java.util.concurrent.CompletableFuture", b.objectClass(), FieldSpec.ref("stack"));
    ClassHandle request = b.defineClass("a.QuoteRequest", b.objectClass(), FieldSpec.ref("quote"));
    for (ClassHandle c : List.of(app, cache, deque, node, future, request)) {
      b.stickyClass(c);
    }
    int loads = 2_000;
    long[] nodes = new long[loads];
    for (int i = 0; i < loads; i++) {
      long waiting = b.instance(request, b.primitiveArray(new byte[300]).id()).id();
      nodes[i] = b.instance(node, b.instance(future, waiting).id()).id();
    }
    long order = b.instance(deque, b.objectArray(b.objectClass(), nodes).id()).id();
    // three deques, as the cache keeps: the library's own objects, more than one of a class
    app.staticField(
        FieldSpec.ref("PRICES"),
        b.instance(
                cache,
                b.objectArray(b.objectClass(), nodes).id(),
                order,
                b.instance(deque, 0L).id(),
                b.instance(deque, 0L).id())
            .id());
    Suspect s = analyze(b).suspects().get(0);
    assertThat(s.holder()).isEqualTo("a.Prices.PRICES");
    assertThat(s.accumulatedClass()).isEqualTo("java.util.concurrent.CompletableFuture");
    assertThat(s.instances()).isEqualTo(loads);
    assertThat(s.explanation()).contains("loads in flight in a Caffeine async cache");
  }

  /**
   * The other side of the rule above: a library's values that wrap many of the JDK's objects (meter
   * registries added to a composite, each with its meters' {@code AtomicLong}s) retain them, and
   * are what is stored, however many more the JDK's objects are ("8100 × AtomicLong" once, for 450
   * registries, when the rule compared counts).
   */
  @Test
  void aLibrarysValuesThatWrapTheJdksObjectsAreWhatIsStored() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    ClassHandle app = b.defineClass("a.Jobs", b.objectClass());
    ClassHandle composite =
        b.defineClass(
            "io.micrometer.core.instrument.composite.CompositeMeterRegistry",
            b.objectClass(),
            FieldSpec.ref("registries"));
    ClassHandle registry =
        b.defineClass(
            "io.micrometer.core.instrument.simple.SimpleMeterRegistry",
            b.objectClass(),
            FieldSpec.ref("meters"));
    ClassHandle counter = b.defineClass("java.util.concurrent.atomic.AtomicLong", b.objectClass());
    for (ClassHandle c : List.of(app, composite, registry, counter)) {
      b.stickyClass(c);
    }
    int registries = 30;
    long[] all = new long[registries];
    for (int r = 0; r < registries; r++) {
      long[] counters = new long[12];
      for (int i = 0; i < counters.length; i++) {
        counters[i] = b.instance(counter).id();
      }
      all[r] = b.instance(registry, b.objectArray(b.objectClass(), counters).id()).id();
    }
    app.staticField(
        FieldSpec.ref("GLOBAL"),
        b.instance(composite, b.objectArray(b.objectClass(), all).id()).id());
    Suspect s = analyze(b).suspects().get(0);
    assertThat(s.accumulatedClass())
        .isEqualTo("io.micrometer.core.instrument.simple.SimpleMeterRegistry");
    assertThat(s.instances()).isEqualTo(registries);
  }

  /** An {@code Object[]} of {@code n} new items, each holding 64 bytes; its id. */
  private static long items(HeapDumpBuilder b, ClassHandle item, int n) {
    long[] items = new long[n];
    for (int i = 0; i < n; i++) {
      items[i] = b.instance(item, b.primitiveArray(new byte[64]).id()).id();
    }
    return b.objectArray(b.objectClass(), items).id();
  }

  @Test
  void aPlainObjectArrayAsTheAccumulationPointCountsItsElements() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    ClassHandle app = b.defineClass("a.App", b.objectClass());
    ClassHandle item = b.defineClass("a.Item", b.objectClass(), FieldSpec.ref("data"));
    b.stickyClass(app);
    b.stickyClass(item);
    app.staticField(FieldSpec.ref("ALL"), items(b, item, 120));
    Suspect s = analyze(b).suspects().get(0);
    assertThat(s.holder()).isEqualTo("a.App.ALL");
    assertThat(s.accumulatedClass()).isEqualTo("a.Item");
    assertThat(s.instances()).isEqualTo(120);
  }

  @Test
  void aHeapWithoutADominantRetainerHasNoSuspects() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    for (int i = 0; i < 40; i++) {
      b.root(HprofTag.ROOT_JNI_GLOBAL, b.primitiveArray(new byte[100]).id());
    }
    assertThat(analyze(b).suspects()).isEmpty();
  }

  @Test
  void theHolderIsTheApplicationsFieldNotTheLibrarysInternals() {
    List<String> caffeine =
        List.of(
            "static a.Sessions.CACHE",
            "com.github.benmanes.caffeine.cache.BoundedLocalCache$BoundedLocalManualCache.cache",
            "com.github.benmanes.caffeine.cache.BoundedLocalCache.data",
            "java.util.concurrent.ConcurrentHashMap.table");
    assertThat(LeakSuspectFinder.holder(caffeine)).isEqualTo("a.Sessions.CACHE");
    // an instance field of the application is as good as a static one
    assertThat(
            LeakSuspectFinder.holder(
                List.of(
                    "static a.Main.APP",
                    "a.Service.registry",
                    "io.micrometer.core.instrument.MeterRegistry.meterMap",
                    "java.util.HashMap.table")))
        .isEqualTo("a.Service.registry");
    // "a" declared a library by the user: no application field is left, the library's names it
    assertThat(LeakSuspectFinder.holder(caffeine, new ApplicationPackages(List.of("a"))))
        .isEqualTo("com.github.benmanes.caffeine.cache.BoundedLocalCache.data");
    // a framework that keeps the data itself is named by its own field
    assertThat(
            LeakSuspectFinder.holder(
                List.of(
                    "static org.slf4j.MDC.mdcAdapter",
                    "ch.qos.logback.classic.util.LogbackMDCAdapter.readWriteThreadLocalMap")))
        .isEqualTo("ch.qos.logback.classic.util.LogbackMDCAdapter.readWriteThreadLocalMap");
    // pseudo-fields never name a holder
    assertThat(
            LeakSuspectFinder.holder(
                List.of(
                    "class a.Plugin → a.Plugin.<classloader>",
                    "java.net.URLClassLoader.classes",
                    "a.Registry.entries")))
        .isEqualTo("a.Registry.entries");
    // reached through any class's <classloader>, with only the JDK's fields: the loader's own
    // field, the same whichever class the path went through
    assertThat(
            LeakSuspectFinder.holder(
                List.of(
                    "class java.net.Foo$$Lambda/0x01 → java.net.Foo$$Lambda/0x01.<classloader>",
                    "java.lang.ClassLoader.parallelLockMap",
                    "java.util.concurrent.ConcurrentHashMap.table")))
        .isEqualTo("java.lang.ClassLoader.parallelLockMap");
    assertThat(
            LeakSuspectFinder.holder(
                List.of("JNI global java.lang.Object[]", "java.util.HashMap.table")))
        .isEqualTo("JNI global java.lang.Object[]");
  }

  @Test
  void libraryPrefixesEndAtAPackageBoundary() {
    ApplicationPackages p = new ApplicationPackages(List.of("com.acme.platform"));
    assertThat(p.isLibrary("com.acme.platform.Cache")).isTrue();
    assertThat(p.isApplication("com.acme.platformer.Cache")).isTrue();
    assertThat(p.libraryName("com.google.common.cache.LocalCache")).isEqualTo("Guava");
    assertThat(p.libraryName("com.google.protobuf.Message")).isEqualTo("Google libraries");
    assertThat(ApplicationPackages.isJdk("java.util.HashMap")).isTrue();
    assertThat(p.isApplication("corpus.app.Session")).isTrue();
  }

  @Test
  void holderSkipsCollectionInternalsAndArraySlots() {
    assertThat(LeakSuspectFinder.holder(List.of("static a.B.map", "java.util.HashMap.table")))
        .isEqualTo("a.B.map");
    assertThat(
            LeakSuspectFinder.holder(
                List.of(
                    "static a.B.list",
                    "java.util.ArrayList.elementData",
                    "java.lang.Object[3]",
                    "a.C.items")))
        .isEqualTo("a.C.items");
    assertThat(LeakSuspectFinder.holder(List.of("thread worker-1 local", "java.lang.Object[2]")))
        .isEqualTo("thread worker-1 local");
  }

  /**
   * Periodic tasks never cancelled wait in a scheduled executor's queue: the suspect says so and
   * what to do, also when the tasks are spread over two executors (a suspect in parts, whose
   * explanation is written anew), and says what each task, a lambda, captures.
   */
  @Test
  void tasksInAScheduledExecutorsQueueAreExplainedAsNeverCancelled() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    ClassHandle executor =
        b.defineClass(
            "java.util.concurrent.ScheduledThreadPoolExecutor",
            b.objectClass(),
            FieldSpec.ref("workQueue"));
    ClassHandle queue =
        b.defineClass(
            "java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue",
            b.objectClass(),
            FieldSpec.ref("queue"));
    ClassHandle future =
        b.defineClass("java.util.concurrent.RunnableScheduledFuture", b.objectClass());
    ClassHandle task =
        b.defineClass(
            "java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask",
            b.objectClass(),
            FieldSpec.ref("callable"));
    ClassHandle refresh =
        b.defineClass("a.Jobs$$Lambda/0x0000000800c01000", b.objectClass(), FieldSpec.ref("arg$1"));
    ClassHandle dashboard = b.defineClass("a.Dashboard", b.objectClass(), FieldSpec.ref("data"));
    ClassHandle jobs = b.defineClass("a.Jobs", b.objectClass());
    for (ClassHandle c :
        List.of(executor, queue, future, task, refresh, dashboard, jobs, b.arrayClass(executor))) {
      b.stickyClass(c);
    }
    long[] executors = new long[2];
    for (int e = 0; e < executors.length; e++) {
      long[] tasks = new long[150];
      for (int i = 0; i < tasks.length; i++) {
        long d = b.instance(dashboard, b.primitiveArray(new byte[300]).id()).id();
        tasks[i] = b.instance(task, b.instance(refresh, d).id()).id();
      }
      long q = b.instance(queue, b.objectArray(b.arrayClass(future), tasks).id()).id();
      executors[e] = b.instance(executor, q).id();
    }
    jobs.staticField(
        FieldSpec.ref("SCHEDULERS"), b.objectArray(b.arrayClass(executor), executors).id());
    Suspect s = analyze(b).suspects().get(0);
    assertThat(s.holder()).isEqualTo("a.Jobs.SCHEDULERS");
    assertThat(s.parts()).hasSize(2);
    assertThat(s.explanation())
        .contains(
            "Each is a lambda that captures a.Dashboard",
            "They wait in a scheduled executor's queue",
            "cancel or dispose of it");
  }

  /**
   * Statements a pooled connection keeps open: the JDBC advice (close them), which an application's
   * own class named like a statement does not get.
   */
  @Test
  void statementsNeverClosedGetTheJdbcAdviceAndAnApplicationsStatementsDoNot() throws IOException {
    for (boolean jdbc : new boolean[] {true, false}) {
      HeapDumpBuilder b = HeapDumpBuilder.create();
      ClassHandle list =
          b.defineClass(
              "com.zaxxer.hikari.util.FastList", b.objectClass(), FieldSpec.ref("elementData"));
      ClassHandle connection =
          b.defineClass(
              "com.zaxxer.hikari.pool.HikariProxyConnection",
              b.objectClass(),
              FieldSpec.ref("openStatements"));
      ClassHandle statement =
          b.defineClass(
              jdbc ? "org.h2.jdbc.JdbcPreparedStatement" : "a.BankStatement",
              b.objectClass(),
              FieldSpec.ref("data"));
      ClassHandle reports = b.defineClass("a.Reports", b.objectClass());
      ClassHandle statements = b.defineClass("java.sql.Statement", b.objectClass());
      for (ClassHandle c : List.of(list, connection, statement, reports, statements)) {
        b.stickyClass(c);
      }
      long[] open = new long[400];
      for (int i = 0; i < open.length; i++) {
        open[i] = b.instance(statement, b.primitiveArray(new byte[500]).id()).id();
      }
      long l = b.instance(list, b.objectArray(b.arrayClass(statements), open).id()).id();
      reports.staticField(FieldSpec.ref("CONNECTION"), b.instance(connection, l).id());
      Suspect s = analyze(b).suspects().get(0);
      assertThat(s.holder()).isEqualTo("a.Reports.CONNECTION");
      if (jdbc) {
        assertThat(s.explanation()).contains("JDBC statements", "try-with-resources");
      } else {
        assertThat(s.accumulatedClass()).isEqualTo("a.BankStatement");
        assertThat(s.explanation()).doesNotContain("JDBC");
      }
    }
  }

  /**
   * Without an application field, a library's holder is its component's entry point when the path
   * starts at a static field of the same package with nothing of another package between: stable
   * where a field deep inside changes between runs. Another package's static is another component.
   */
  @Test
  void aLibrarysHolderIsItsComponentsStaticFieldWhenThePathStaysInItsPackage() {
    List<String> reactor =
        List.of(
            "static reactor.core.scheduler.Schedulers.CACHED_PARALLEL",
            "java.util.concurrent.atomic.AtomicReference.value",
            "reactor.core.scheduler.Schedulers$CachedScheduler.cached",
            "reactor.core.scheduler.ParallelScheduler.state",
            "reactor.core.scheduler.SchedulerState.currentResource",
            "java.util.concurrent.ScheduledExecutorService[0]",
            "java.util.concurrent.ThreadPoolExecutor.workQueue");
    assertThat(LeakSuspectFinder.holder(reactor))
        .isEqualTo("reactor.core.scheduler.Schedulers.CACHED_PARALLEL");
    List<String> spring =
        List.of(
            "static org.springframework.boot.SpringApplication.shutdownHook",
            "org.springframework.boot.SpringApplicationShutdownHook.contexts",
            "java.util.Collections$SetFromMap.m",
            "java.lang.Object[3]",
            "org.springframework.context.support.AbstractApplicationContext.applicationListeners",
            "java.util.LinkedHashSet.map");
    assertThat(LeakSuspectFinder.holder(spring))
        .isEqualTo(
            "org.springframework.context.support.AbstractApplicationContext.applicationListeners");
    // the same package at both ends, another component between them
    List<String> through =
        List.of(
            "static org.apache.lib.Registry.INSTANCE",
            "com.google.other.Wrapper.inner",
            "org.apache.lib.Store.items",
            "java.util.ArrayList.elementData");
    assertThat(LeakSuspectFinder.holder(through)).isEqualTo("org.apache.lib.Store.items");
    // a package below the static's is the same component: Micrometer's global registry holds a
    // composite of io.micrometer.core.instrument.composite, whose two sets of registries (one
    // taken on JDK 17, the other on JDK 25) named the holder before
    for (String set : List.of("registries", "nonCompositeDescendants")) {
      List<String> micrometer =
          List.of(
              "static io.micrometer.core.instrument.Metrics.globalRegistry",
              "io.micrometer.core.instrument.composite.CompositeMeterRegistry." + set,
              "java.util.Collections$UnmodifiableCollection.c",
              "java.util.LinkedHashSet.map");
      assertThat(LeakSuspectFinder.holder(micrometer))
          .as(set)
          .isEqualTo("io.micrometer.core.instrument.Metrics.globalRegistry");
    }
    // but a registry among the composite's, holding its meters, is named by its own map: the
    // meters accumulate in that one registry (Spring Boot adds its registry to the global one)
    List<String> oneOfThem =
        List.of(
            "static io.micrometer.core.instrument.Metrics.globalRegistry",
            "io.micrometer.core.instrument.composite.CompositeMeterRegistry"
                + ".nonCompositeDescendants",
            "java.util.Collections$SetFromMap.m",
            "java.util.IdentityHashMap.table",
            "java.lang.Object[50]",
            "io.micrometer.core.instrument.MeterRegistry.meterToPreFilterIdMap",
            "java.util.concurrent.ConcurrentHashMap.table");
    assertThat(LeakSuspectFinder.holder(oneOfThem))
        .isEqualTo("io.micrometer.core.instrument.MeterRegistry.meterToPreFilterIdMap");
    // a package that only starts with the same letters is another
    List<String> sibling =
        List.of(
            "static org.apache.lib.Registry.INSTANCE", "org.apache.library.Store.items", "x[0]");
    assertThat(LeakSuspectFinder.holder(sibling)).isEqualTo("org.apache.library.Store.items");
  }

  /**
   * Futures kept by the JDK's scheduler of their timeouts (JDK 17's queue, JDK 25's delay
   * scheduler) are told apart from periodic tasks; registries added to a Micrometer composite get
   * what removes them.
   */
  @Test
  void timeoutsOfAbandonedFuturesAndRegistriesOfACompositeGetTheirAdvice() {
    for (String queue :
        List.of(
            "java.util.concurrent.RunnableScheduledFuture[]",
            "java.util.concurrent.DelayScheduler$ScheduledForkJoinTask[]")) {
      assertThat(
              LeakSuspectFinder.advice(
                  queue, "java.util.concurrent.CompletableFuture", ApplicationPackages.DEFAULT))
          .as(queue)
          .contains("orTimeout or completeOnTimeout", "complete or cancel it")
          .doesNotContain("periodic");
      assertThat(LeakSuspectFinder.advice(queue, "a.Heartbeat", ApplicationPackages.DEFAULT))
          .as(queue)
          .contains("periodic task");
    }
    assertThat(
            LeakSuspectFinder.advice(
                "io.micrometer.core.instrument.composite.CompositeMeterRegistry",
                "io.micrometer.core.instrument.simple.SimpleMeterRegistry",
                ApplicationPackages.DEFAULT))
        .contains("Metrics.removeRegistry");
    assertThat(
            LeakSuspectFinder.advice(
                "java.util.TimerTask[]", "a.Reminders$1", ApplicationPackages.DEFAULT))
        .contains("purge()", "cancel() only marks it");
    assertThat(
            LeakSuspectFinder.advice(
                "java.util.concurrent.ConcurrentHashMap$Node[]",
                "java.io.FileInputStream",
                ApplicationPackages.DEFAULT))
        .contains("file descriptor", "ulimit -n");
    // a library's holder of what the application started and never ended
    assertThat(
            LeakSuspectFinder.advice(
                "com.github.benmanes.caffeine.cache.SSMS",
                "java.util.concurrent.CompletableFuture",
                ApplicationPackages.DEFAULT))
        .contains("loads in flight", "orTimeout");
    assertThat(
            LeakSuspectFinder.advice(
                "java.util.concurrent.ConcurrentSkipListMap$Index",
                "io.micrometer.core.instrument.internal.DefaultLongTaskTimer$SampleImpl",
                ApplicationPackages.DEFAULT))
        .contains("never stopped", "finally");
    assertThat(
            LeakSuspectFinder.advice(
                "io.netty.util.HashedWheelTimer$HashedWheelBucket[]",
                "a.App$$Lambda",
                ApplicationPackages.DEFAULT))
        .contains("HashedWheelTimer", "Cancel the Timeout");
    assertThat(
            LeakSuspectFinder.advice(
                "java.util.concurrent.ConcurrentHashMap$Node[]",
                "java.util.concurrent.CompletableFuture",
                ApplicationPackages.DEFAULT))
        .doesNotContain("Caffeine", "a chain of futures");
    for (String[] group :
        List.of(
            new String[] {
              "reactor.core.publisher.FluxGroupBy$GroupByMain", "reactor.core.publisher.Other"
            },
            new String[] {
              "java.util.concurrent.ConcurrentHashMap$Node[]",
              "reactor.core.publisher.FluxGroupBy$UnicastGroupedFlux"
            })) {
      assertThat(LeakSuspectFinder.advice(group[0], group[1], ApplicationPackages.DEFAULT))
          .as(group[1])
          .contains("groupBy", "until that group completes");
    }
    for (String reference : List.of("java.lang.ref.WeakReference", "java.lang.ref.SoftReference")) {
      assertThat(
              LeakSuspectFinder.advice(
                  "java.lang.Object[]", reference, ApplicationPackages.DEFAULT))
          .as(reference)
          .contains("Remove the cleared ones");
    }
    assertThat(
            LeakSuspectFinder.advice(
                "java.lang.Object[]",
                "java.util.logging.LogManager$LoggerWeakRef",
                ApplicationPackages.DEFAULT))
        .doesNotContain("cleared");
    assertThat(
            LeakSuspectFinder.advice(
                "io.micrometer.core.instrument.composite.CompositeMeterRegistry",
                "io.micrometer.core.instrument.composite.CompositeCounter",
                ApplicationPackages.DEFAULT))
        .doesNotContain("removeRegistry");
  }

  /**
   * A library's objects that accumulate are named with what each keeps most of, past anonymous
   * classes: a task queue per connection pool, each pool with its connection (OkHttp's shape when a
   * client is made per request). The application's own objects are not described so.
   */
  @Test
  void aLibrarysElementsAreDescribedByWhatEachKeepsMostOf() throws IOException {
    for (boolean library : new boolean[] {true, false}) {
      HeapDumpBuilder b = HeapDumpBuilder.create();
      ClassHandle queue =
          b.defineClass(
              library ? "org.apache.tasks.TaskQueue" : "a.TaskQueue",
              b.objectClass(),
              FieldSpec.ref("name"),
              FieldSpec.ref("task"));
      ClassHandle cleanup =
          b.defineClass("org.apache.conn.ConnectionPool$1", b.objectClass(), FieldSpec.ref("pool"));
      ClassHandle pool =
          b.defineClass(
              "org.apache.conn.ConnectionPool", b.objectClass(), FieldSpec.ref("connection"));
      ClassHandle connection =
          b.defineClass("org.apache.conn.Connection", b.objectClass(), FieldSpec.ref("buffer"));
      ClassHandle runner = b.defineClass("org.apache.tasks.Runner", b.objectClass());
      for (ClassHandle c : List.of(queue, cleanup, pool, connection, runner, b.arrayClass(queue))) {
        b.stickyClass(c);
      }
      long[] queues = new long[300];
      for (int i = 0; i < queues.length; i++) {
        long conn = b.instance(connection, b.primitiveArray(new byte[800]).id()).id();
        long task = b.instance(cleanup, b.instance(pool, conn).id()).id();
        queues[i] = b.instance(queue, b.string("pool-" + i).id(), task).id();
      }
      runner.staticField(
          FieldSpec.ref("INSTANCE"), b.objectArray(b.arrayClass(queue), queues).id());
      Suspect s = analyze(b).suspects().get(0);
      assertThat(s.instances()).isEqualTo(300);
      if (library) {
        assertThat(s.accumulatedClass()).isEqualTo("org.apache.tasks.TaskQueue");
        assertThat(s.explanation())
            .contains(
                "Most of what each keeps is in a org.apache.conn.ConnectionPool, in it a"
                    + " org.apache.conn.Connection.");
      } else {
        assertThat(s.accumulatedClass()).isEqualTo("a.TaskQueue");
        assertThat(s.explanation()).doesNotContain("Most of what each keeps");
      }
    }
  }

  /**
   * A class loader reached through one of its classes, whose bookkeeping is spread over several of
   * its fields (locks and names per class), is the accumulation point itself. It is named by the
   * class it is reached through, not by the field of whichever element led the way, which changes
   * between dumps and made it "grow from nothing" (the corpus's Vert.x program under ZGC, JDK 25:
   * "418 × String held by java.lang.ClassLoader.nameAndId").
   */
  @Test
  void aLoaderReachedThroughItsClassIsNotNamedByOneOfItsElementsFields() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    // twelve fields of bookkeeping, none big enough to be a suspect alone
    FieldSpec[] fields = new FieldSpec[12];
    for (int f = 0; f < fields.length; f++) {
      fields[f] = FieldSpec.ref("table" + f);
    }
    ClassHandle loaderClass =
        b.defineClass(
            "jdk.internal.loader.ClassLoaders$PlatformClassLoader", b.objectClass(), fields);
    ClassHandle objects = b.arrayClass(b.objectClass()); // a collection's plumbing
    b.stickyClass(loaderClass);
    Object[] tables = new Object[fields.length];
    for (int f = 0; f < tables.length; f++) {
      long[] names = new long[50];
      for (int i = 0; i < names.length; i++) {
        names[i] = b.string("name-" + f + "-" + i + "-" + "x".repeat(200)).id();
      }
      tables[f] = b.objectArray(objects, names).id();
    }
    long loader = b.instance(loaderClass, tables).id();
    ClassHandle widget = b.defineClass("com.acme.Widget", b.objectClass()).classLoader(loader);
    b.stickyClass(widget);
    b.root(HprofTag.ROOT_JNI_GLOBAL, b.primitiveArray(new byte[150_000]).id()); // the rest
    Suspect s = analyze(b).suspects().get(0);
    assertThat(s.instances()).isEqualTo(600);
    assertThat(s.holder()).isEqualTo("class com.acme.Widget → com.acme.Widget.<classloader>");
  }

  /**
   * A loader whose list of classes holds less than 80% of what it retains (the rest is its own
   * bookkeeping), one of those classes holding most of it in a static map: the map is the suspect,
   * not the loader's classes. Logback's loggers, under {@code LoggerFactory} in the application's
   * loader, read as "99 x java.lang.Class held by ... <classloader>" (the corpus's
   * logger-per-shipment program).
   */
  @Test
  void aStaticOfOneClassThatHoldsMostOfItsLoaderIsTheSuspectNotTheLoadersClasses()
      throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    ClassHandle base =
        b.defineClass(
            "java.lang.ClassLoader", b.objectClass(), FieldSpec.ref("classes"), FieldSpec.ref("x"));
    ClassHandle loaderClass = b.defineClass("a.AppLoader", base);
    ClassHandle map = b.defineClass("java.util.HashMap", b.objectClass(), FieldSpec.ref("table"));
    ClassHandle node =
        b.defineClass(
            "java.util.HashMap$Node",
            b.objectClass(),
            FieldSpec.ref("key"),
            FieldSpec.ref("value"),
            FieldSpec.ref("next"));
    ClassHandle objects = b.arrayClass(b.objectClass());
    for (ClassHandle c : List.of(base, loaderClass, map, node, objects, b.arrayClass(node))) {
      b.stickyClass(c);
    }
    Instance loader = b.instance(loaderClass);
    ClassHandle tracked =
        b.defineClass("a.Tracked", b.objectClass(), FieldSpec.ref("data")).classLoader(loader.id());
    ClassHandle registry = b.defineClass("a.Registry", b.objectClass()).classLoader(loader.id());
    long[] nodes = new long[300];
    for (int i = 0; i < nodes.length; i++) {
      long value = b.instance(tracked, b.primitiveArray(new byte[400]).id()).id();
      nodes[i] = b.instance(node, b.string("k" + i).id(), value, 0L).id();
    }
    registry.staticField(
        FieldSpec.ref("TRACKED"),
        b.instance(map, b.objectArray(b.arrayClass(node), nodes).id()).id());
    long[] classes = new long[40];
    classes[0] = registry.id();
    classes[1] = tracked.id();
    for (int c = 2; c < classes.length; c++) {
      classes[c] = b.defineClass("a.Other" + c, b.objectClass()).classLoader(loader.id()).id();
    }
    // the loader's bookkeeping: two thirds of what its classes retain
    long[] names = new long[400];
    for (int i = 0; i < names.length; i++) {
      names[i] = b.string("package-" + i + "-" + "x".repeat(180)).id();
    }
    loader.set(base, "classes", b.objectArray(objects, classes).id());
    loader.set(base, "x", b.objectArray(objects, names).id());
    b.root(HprofTag.ROOT_JNI_GLOBAL, loader.id());
    Suspect s = analyze(b).suspects().get(0);
    assertThat(s.holder()).isEqualTo("a.Registry.TRACKED");
    assertThat(s.accumulatedClass()).isEqualTo("a.Tracked");
    assertThat(s.instances()).isEqualTo(300);
  }

  @Test
  void stagesWaitingOnAFutureLoggersAndMetricSeriesGetTheirAdvice() {
    assertThat(
            LeakSuspectFinder.advice(
                "java.util.concurrent.CompletableFuture$UniRun",
                "a.Gateway$$Lambda/0x01",
                ApplicationPackages.DEFAULT))
        .contains("CompletableFuture that has not completed", "orTimeout");
    assertThat(
            LeakSuspectFinder.advice(
                "ch.qos.logback.classic.LoggerContext",
                "ch.qos.logback.classic.Logger",
                ApplicationPackages.DEFAULT))
        .contains("keep every logger they make, by name", "MDC");
    for (String series :
        List.of(
            "io.prometheus.metrics.core.metrics.Counter$DataPoint",
            "io.prometheus.client.Counter$Child",
            "io.micrometer.prometheusmetrics.PrometheusCounter",
            "io.micrometer.core.instrument.cumulative.CumulativeTimer")) {
      assertThat(
              LeakSuspectFinder.advice(
                  "java.util.concurrent.ConcurrentHashMap$Node[]",
                  series,
                  ApplicationPackages.DEFAULT))
          .as(series)
          .contains("one time series of a metric", "small fixed set");
    }
    for (String other :
        List.of("a.Session", "io.micrometer.core.instrument.Tag", "io.prometheus.Counter")) {
      assertThat(
              LeakSuspectFinder.advice(
                  "java.util.concurrent.ConcurrentHashMap$Node[]",
                  other,
                  ApplicationPackages.DEFAULT))
          .as(other)
          .isEmpty();
    }
  }

  /**
   * A point that holds its elements in two structures, a map of all of them and a tree from a root
   * element, is named by the map, whichever way the path search reached an element: Logback's
   * context read as {@code LoggerContext.loggerCache} on JDK 17 and {@code LoggerContext.root} on
   * JDK 25 (the corpus's logger-per-shipment program).
   */
  @Test
  void aPointWithItsElementsInAMapAndInATreeIsNamedByTheMap() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    ClassHandle map = b.defineClass("java.util.HashMap", b.objectClass(), FieldSpec.ref("table"));
    ClassHandle node =
        b.defineClass(
            "java.util.HashMap$Node",
            b.objectClass(),
            FieldSpec.ref("key"),
            FieldSpec.ref("value"),
            FieldSpec.ref("next"));
    ClassHandle objects = b.arrayClass(b.objectClass());
    // the tree first: the path search reaches an element through it, a step sooner than the map
    ClassHandle context =
        b.defineClass(
            "org.logs.Context", b.objectClass(), FieldSpec.ref("root"), FieldSpec.ref("cache"));
    ClassHandle item =
        b.defineClass(
            "org.logs.Item", b.objectClass(), FieldSpec.ref("children"), FieldSpec.ref("data"));
    ClassHandle factory = b.defineClass("org.logs.Factory", b.objectClass());
    for (ClassHandle c : List.of(map, node, objects, context, item, factory, b.arrayClass(node))) {
      b.stickyClass(c);
    }
    long[] items = new long[400];
    long[] nodes = new long[items.length];
    for (int i = 0; i < items.length; i++) {
      items[i] = b.instance(item, 0L, b.primitiveArray(new byte[300]).id()).id();
      nodes[i] = b.instance(node, b.string("item." + i).id(), items[i], 0L).id();
    }
    long root = b.instance(item, b.objectArray(objects, items).id(), 0L).id();
    long cache = b.instance(map, b.objectArray(b.arrayClass(node), nodes).id()).id();
    factory.staticField(FieldSpec.ref("CONTEXT"), b.instance(context, root, cache).id());
    Suspect s = analyze(b).suspects().get(0);
    assertThat(s.accumulatedClass()).isEqualTo("org.logs.Item");
    assertThat(s.holder()).isEqualTo("org.logs.Context.cache");
  }

  /**
   * One array that grows (a StringBuilder's) is said as one object, not as "1 instances of byte[]
   * accumulate in a byte[]" (the corpus's chat-transcript program).
   */
  @Test
  void oneGrowingArrayIsSaidAsOneObject() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    ClassHandle builder =
        b.defineClass("java.lang.AbstractStringBuilder", b.objectClass(), FieldSpec.ref("value"));
    ClassHandle chat = b.defineClass("a.Chat", b.objectClass());
    b.stickyClass(builder);
    b.stickyClass(chat);
    chat.staticField(
        FieldSpec.ref("TRANSCRIPT"),
        b.instance(builder, b.primitiveArray(new byte[200_000]).id()).id());
    b.root(HprofTag.ROOT_JNI_GLOBAL, b.primitiveArray(new byte[100_000]).id()); // the rest
    Suspect s = analyze(b).suspects().get(0);
    assertThat(s.holder()).isEqualTo("a.Chat.TRANSCRIPT");
    assertThat(s.accumulatedClass()).isEqualTo("byte[]");
    assertThat(s.instances()).isEqualTo(1);
    assertThat(s.title()).startsWith("a byte[] of 195.3 KB held by a.Chat.TRANSCRIPT (");
    assertThat(s.explanation())
        .startsWith("One byte[] of 195.3 KB, reached through a.Chat.TRANSCRIPT, is ")
        .contains("one object that grows, not a collection")
        .doesNotContain("instances of");
  }

  /**
   * The descent from a loader whose list of classes holds more than half of it (under 80%): into
   * the static of the one class that holds most of it, but not into a list that fans out into many
   * small classes, where the loader stays the point. Ending in the list instead, the corpus's
   * healthy HikariCP program on JDK 17 had "2 x org.h2.value.ValueBoolean held by
   * java.lang.ClassLoader.classes", growing as classes loaded.
   */
  @Test
  void theDescentFromALoaderGoesIntoItsClassesOnlyForOneClasssStatic() throws IOException {
    for (boolean oneBigClass : new boolean[] {true, false}) {
      HeapDumpBuilder b = HeapDumpBuilder.create();
      ClassHandle base =
          b.defineClass(
              "java.lang.ClassLoader",
              b.objectClass(),
              FieldSpec.ref("classes"),
              FieldSpec.ref("x"));
      ClassHandle loaderClass = b.defineClass("a.AppLoader", base);
      ClassHandle objects = b.arrayClass(b.objectClass());
      for (ClassHandle c : List.of(base, loaderClass, objects)) {
        b.stickyClass(c);
      }
      Instance loader = b.instance(loaderClass);
      long[] classes = new long[60];
      for (int c = 0; c < classes.length; c++) {
        ClassHandle k = b.defineClass("a.Small" + c, b.objectClass()).classLoader(loader.id());
        int bytes = oneBigClass ? (c == 7 ? 120_000 : 200) : 2_000;
        k.staticField(FieldSpec.ref("TABLE"), b.primitiveArray(new byte[bytes]).id());
        classes[c] = k.id();
      }
      long[] names = new long[300];
      for (int i = 0; i < names.length; i++) {
        names[i] = b.string("package-" + i + "-" + "x".repeat(180)).id();
      }
      loader.set(base, "classes", b.objectArray(objects, classes).id());
      loader.set(base, "x", b.objectArray(objects, names).id());
      b.root(HprofTag.ROOT_JNI_GLOBAL, loader.id());
      Path p = dir.resolve("loader-" + oneBigClass + ".hprof");
      b.writeTo(p);
      try (HeapIndex index = HeapIndex.open(p, ProgressListener.NONE)) {
        DominatorTree tree =
            DominatorTree.compute(
                index.graph(), index.roots().distinctObjectIds(), ProgressListener.NONE);
        RetainedSizes retained = RetainedSizes.compute(tree, index::shallowSize);
        int loaderId = -1;
        for (int v = 0; v < index.objectCount(); v++) {
          if (index.heapClass(index.classOf(v)).name().equals("a.AppLoader")) {
            loaderId = v;
          }
        }
        boolean[] loaders = index.subclassesOf("java.lang.ClassLoader");
        int point =
            LeakSuspectFinder.points(
                tree,
                retained,
                index::classOf,
                List.of(loaderId),
                c -> loaders[c],
                v -> index.representedClass(v) != null)[0];
        String pointClass = index.heapClass(index.classOf(point)).name();
        if (oneBigClass) {
          assertThat(pointClass).as("the big class's table").isEqualTo("byte[]");
          assertThat(retained.retained(point)).isGreaterThan(120_000);
        } else {
          assertThat(point).as("the loader, not its list: %s", pointClass).isEqualTo(loaderId);
        }
      }
    }
  }
}
