package io.leakscope.analysis.internal.suspects;

import io.leakscope.analysis.internal.dominators.DominatorTree;
import io.leakscope.analysis.internal.dominators.RetainedSizes;
import io.leakscope.analysis.report.Suspect;
import io.leakscope.heap.HeapClass;
import io.leakscope.heap.HeapIndex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Class-loader leaks: the same class name defined by several live class loaders, the sign of an
 * application, plugin or script that was loaded again while something still holds the old copy.
 *
 * <p>Design note. Classes are grouped by name; a name defined by two or more loaders marks those
 * loaders. Hidden classes (lambdas, {@code /0x…} names) and arrays are left out: their names are
 * unique or derived. Each marked loader is one finding target: its path from a GC root shows what
 * keeps it alive, and loaders reached through the same holder form one suspect. What a loader costs
 * is what it and the classes it defines (their static data) retain together, each object once: the
 * retained sizes of those of them that none of the others dominates. Cost: one pass over the
 * classes; positional reads per marked loader only.
 */
public final class ClassLoaderLeakFinder {
  private ClassLoaderLeakFinder() {}

  /** A loader that defines a class another live loader defines too. */
  public record DuplicateLoader(
      int loader, long address, long bytes, List<String> duplicatedClasses) {}

  public static List<DuplicateLoader> find(
      HeapIndex index, DominatorTree tree, RetainedSizes retained) throws IOException {
    Map<String, List<Integer>> byName = new LinkedHashMap<>();
    for (int c = 0; c < index.classCount(); c++) {
      HeapClass k = index.heapClass(c);
      if (k.isArray()
          || k.loaderAddress() == 0
          || k.name().contains("/0x")
          || k.name().contains("$$Lambda")) {
        continue;
      }
      if (k.objectId() < 0 || !tree.isReachable(k.objectId())) {
        continue;
      }
      byName.computeIfAbsent(k.name(), n -> new ArrayList<>()).add(c);
    }
    Set<Long> builtIn = builtInLoaders(index);
    Map<Long, TreeSet<String>> duplicatedByLoader = new LinkedHashMap<>();
    for (Map.Entry<String, List<Integer>> e : byName.entrySet()) {
      if (e.getValue().size() < 2) {
        continue;
      }
      List<Integer> custom = new ArrayList<>();
      for (int c : e.getValue()) {
        if (!builtIn.contains(index.heapClass(c).loaderAddress())) {
          custom.add(c);
        }
      }
      long loaders =
          custom.stream().mapToLong(c -> index.heapClass(c).loaderAddress()).distinct().count();
      if (loaders < 2) {
        continue;
      }
      for (int c : custom) {
        duplicatedByLoader
            .computeIfAbsent(index.heapClass(c).loaderAddress(), a -> new TreeSet<>())
            .add(e.getKey());
      }
    }
    if (duplicatedByLoader.isEmpty()) {
      return List.of();
    }
    // loader objects and their classes
    Map<Long, Integer> loaderIds = new LinkedHashMap<>();
    Map<Long, Set<Integer>> parts = new HashMap<>(); // address -> the loader and its classes
    for (int c = 0; c < index.classCount(); c++) {
      HeapClass k = index.heapClass(c);
      long address = k.loaderAddress();
      if (!duplicatedByLoader.containsKey(address) || k.objectId() < 0) {
        continue;
      }
      if (!loaderIds.containsKey(address)) {
        loaderIds.put(address, index.referencedObjectAt(k.objectId(), address));
      }
      if (tree.isReachable(k.objectId())) {
        parts.computeIfAbsent(address, a -> new HashSet<>()).add(k.objectId());
      }
    }
    List<DuplicateLoader> out = new ArrayList<>();
    for (Map.Entry<Long, Integer> e : loaderIds.entrySet()) {
      int loader = e.getValue();
      if (loader < 0) {
        continue;
      }
      Set<Integer> mine = parts.computeIfAbsent(e.getKey(), a -> new HashSet<>());
      if (tree.isReachable(loader)) {
        mine.add(loader);
      }
      out.add(
          new DuplicateLoader(
              loader,
              e.getKey(),
              retainedOnce(tree, retained, mine),
              List.copyOf(duplicatedByLoader.get(e.getKey()))));
    }
    return out;
  }

  /**
   * What a loader and its classes retain together, each object once: the retained sizes of those of
   * them that none of the others dominates. A loader often dominates its classes (through its list
   * of them), and a class reached from outside dominates its loader (through the class's reference
   * to it): summing every one's retained size counted the same bytes two or three times, and a
   * plugin's loaders pinned by a ThreadLocal's value were "183% of the heap".
   */
  static long retainedOnce(DominatorTree tree, RetainedSizes retained, Set<Integer> objects) {
    long sum = 0;
    for (int x : objects) {
      boolean under = false;
      for (int up = tree.immediateDominator(x);
          up >= 0 && !under;
          up = tree.immediateDominator(up)) {
        under = objects.contains(up);
      }
      if (!under) {
        sum += retained.retained(x);
      }
    }
    return sum;
  }

  /**
   * The classes (by class index) that something other than their own class loader keeps alive, and
   * the other classes of loaders like theirs. A class is held elsewhere when its immediate
   * dominator, past the JDK's collection plumbing, is neither the virtual root, nor a class object,
   * nor the loader that defined it: it is an element of something, such as a script engine's cache
   * of compiled classes (Groovy's {@code GroovyClassLoader} keeps each script's class, each in a
   * loader of its own), or a registry of generated types. The search for paths must not start at
   * such a class, as it starts at class objects so that a static field reads as {@code static
   * Foo.bar}: started there, the path of such a class is the class itself, and the holder that
   * keeps it (and what it holds) could not be named. Nor at the other classes of loaders of the
   * same loader class, when two or more of them define a class held elsewhere: the newest script's
   * class is also held by the program's stack or call sites, so reached from several roots and
   * dominated by none, and started there the search reached the engine's loader, and everything
   * under it, through that class's loader first. Never left out: the classes of the JDK's own
   * loaders (something outside them holds those loaders), the other classes of a loader that is the
   * only one of its class to define such a class (a fat jar's), and hidden classes (lambdas), which
   * their call sites hold and no loader lists: counted as held elsewhere, they made two web
   * applications in loaders of their own read as the container's field.
   */
  public static java.util.BitSet heldOutsideTheirLoaders(HeapIndex index, DominatorTree tree)
      throws IOException {
    java.util.BitSet out = new java.util.BitSet(index.classCount());
    Map<Long, Integer> loaders = new HashMap<>(); // loader address -> loader object id, or -1
    Map<Integer, Set<Integer>> heldLoaders = new HashMap<>(); // loader class -> loaders holding one
    for (int c = 0; c < index.classCount(); c++) {
      HeapClass k = index.heapClass(c);
      int id = k.objectId();
      if (k.loaderAddress() == 0
          || id < 0
          || !tree.isReachable(id)
          || k.name().contains("/0x")
          || k.name().contains("$$Lambda")) {
        continue; // a hidden class is in no loader's list of classes: its call site holds it
      }
      int loader = loaders.computeIfAbsent(k.loaderAddress(), a -> -2);
      if (loader == -2) {
        loader = index.referencedObjectAt(id, k.loaderAddress());
        loaders.put(k.loaderAddress(), loader);
      }
      int up = tree.immediateDominator(id);
      while (up >= 0
          && index.representedClass(up) == null
          && LeakSuspectFinder.isCollectionInternal(index.heapClass(index.classOf(up)).name())) {
        up = tree.immediateDominator(up);
      }
      // reached from several roots, through a class (its statics, its host), or by its loader
      if (up < 0 || index.representedClass(up) != null || up == loader) {
        continue;
      }
      out.set(c);
      if (loader >= 0
          && !index.heapClass(index.classOf(loader)).name().startsWith("jdk.internal.loader.")) {
        heldLoaders.computeIfAbsent(index.classOf(loader), l -> new HashSet<>()).add(loader);
      }
    }
    // loaders of one class, several of which define a class held elsewhere: an engine's loaders
    // (one loader alone, a fat jar's, say, that defines one such class, keeps its other classes)
    Set<Integer> loaderClasses = new HashSet<>();
    heldLoaders.forEach(
        (loaderClass, loadersOfIt) -> {
          if (loadersOfIt.size() >= 2) {
            loaderClasses.add(loaderClass);
          }
        });
    if (!loaderClasses.isEmpty()) {
      for (int c = 0; c < index.classCount(); c++) {
        Integer loader = loaders.get(index.heapClass(c).loaderAddress());
        if (loader != null && loader >= 0 && loaderClasses.contains(index.classOf(loader))) {
          out.set(c);
        }
      }
    }
    return out;
  }

  /**
   * Addresses of the JDK's own loaders (application, platform): an application loaded again by a
   * custom loader also has its classes in the application loader, and that copy is not a leak.
   */
  private static Set<Long> builtInLoaders(HeapIndex index) throws IOException {
    boolean[] loaderClass = new boolean[index.classCount()];
    for (int c = 0; c < loaderClass.length; c++) {
      String name = index.heapClass(c).name();
      loaderClass[c] =
          name.startsWith("jdk.internal.loader.") || name.startsWith("sun.misc.Launcher$");
    }
    Map<Long, Boolean> decided = new HashMap<>(); // loader address -> built in
    for (int c = 0; c < index.classCount(); c++) {
      HeapClass k = index.heapClass(c);
      long address = k.loaderAddress();
      if (address == 0 || k.objectId() < 0 || decided.containsKey(address)) {
        continue;
      }
      int loader = index.referencedObjectAt(k.objectId(), address);
      decided.put(address, loader >= 0 && loaderClass[index.classOf(loader)]);
    }
    Set<Long> out = new HashSet<>();
    decided.forEach(
        (address, builtIn) -> {
          if (builtIn) {
            out.add(address);
          }
        });
    return out;
  }

  /**
   * The key that puts the threads of one pool together: a thread holder's last number as {@code N}
   * ({@code thread pool-1-thread-2} and {@code thread pool-1-thread-1} are one pool's, {@code
   * pool-2-thread-1} another's); other holders as they are. Old copies of a plugin that left
   * ThreadLocal values on a pool's threads are pinned by whichever threads ran them: one copy run
   * by the second thread alone was a suspect of its own beside the other nineteen.
   */
  static String threadsOfOnePool(String holder) {
    if (!holder.startsWith("thread ")) {
      return holder;
    }
    return holder.replaceFirst("\\d+(\\D*)$", "N$1");
  }

  /**
   * The suspects of {@code loaders}, one per holder; {@code threadLocalValues} gives, for a loader
   * whose path from a GC root goes through a ThreadLocal's value, the class of that value (what the
   * old code left on a thread that outlives it: Tomcat's classic "created a ThreadLocal … but
   * failed to remove it").
   */
  public static List<Finding> findings(
      HeapIndex index,
      List<DuplicateLoader> loaders,
      Map<Integer, String> holders,
      Map<Integer, String> threadLocalValues) {
    Map<String, List<DuplicateLoader>> byHolder = new LinkedHashMap<>();
    Map<String, String> firstHolder = new HashMap<>(); // group -> the holder of its first loader
    for (DuplicateLoader l : loaders) {
      String holder = holders.get(l.loader());
      String group = holder == null ? null : threadsOfOnePool(holder);
      firstHolder.putIfAbsent(group, holder);
      byHolder.computeIfAbsent(group, h -> new ArrayList<>()).add(l);
    }
    List<Finding> out = new ArrayList<>();
    for (Map.Entry<String, List<DuplicateLoader>> e : byHolder.entrySet()) {
      List<DuplicateLoader> group = e.getValue();
      boolean severalThreads =
          group.stream().map(l -> holders.get(l.loader())).distinct().count() > 1;
      long bytes = group.stream().mapToLong(DuplicateLoader::bytes).sum();
      TreeSet<String> classes = new TreeSet<>();
      group.forEach(l -> classes.addAll(l.duplicatedClasses()));
      String loaderClass = index.heapClass(index.classOf(group.get(0).loader())).name();
      String examples =
          String.join(", ", classes.stream().limit(3).toList()) + (classes.size() > 3 ? ", …" : "");
      String value =
          group.stream()
              .map(l -> threadLocalValues.get(l.loader()))
              .filter(v -> v != null)
              .findFirst()
              .orElse(null);
      // the threads' pattern when the loaders are held by several, else the one thread's name
      String holder =
          e.getKey() == null ? "" : severalThreads ? e.getKey() : firstHolder.get(e.getKey());
      String thread =
          holder.startsWith("thread ") ? holder.substring(7).replaceFirst(" local$", "") : null;
      String release =
          value == null && thread != null
              ? " they are held by the thread"
                  + (group.size() == 1 ? "" : "s")
                  + " named "
                  + thread
                  + ", which run the old code (started by it, or at work on one of its tasks)"
                  + " and were never stopped: a thread keeps the code it runs, with its class"
                  + " and loader. Stop such threads"
                  + " (interrupt them, or shut their executor down) when the code is unloaded."
              : value == null
                  ? " whatever {holder} keeps from the old code (an instance, a listener, a thread,"
                      + " a ThreadLocal value) pins its loader; release it when the code is"
                      + " unloaded."
                  : " it is pinned through a ThreadLocal's value (a "
                      + value
                      + ") on a thread that outlives the code, such as a pool's worker under"
                      + " {holder}: the old code set a ThreadLocal and never removed it. Call"
                      + " remove() when the work is done (in a finally block), or stop those"
                      + " threads when the code is unloaded.";
      out.add(
          new Finding(
              Suspect.KIND_CLASS_LOADER,
              group.get(0).loader(),
              firstHolder.get(e.getKey()),
              loaderClass,
              group.size(),
              bytes,
              List.of(),
              List.of(),
              group.size()
                  + " × "
                  + loaderClass
                  + " held by {holder} define classes loaded again elsewhere ("
                  + examples
                  + ")",
              group.size()
                  + " class loaders ("
                  + loaderClass
                  + ") reached through {holder} define "
                  + (classes.size() == 1 ? "a class" : classes.size() + " classes")
                  + " that another live loader defines too ("
                  + examples
                  + "). An old copy of the code is still alive, with its classes' static data"
                  + " ({percent} of the heap):"
                  + release));
    }
    return out;
  }
}
