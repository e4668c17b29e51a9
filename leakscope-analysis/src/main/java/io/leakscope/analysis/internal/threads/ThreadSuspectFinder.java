package io.leakscope.analysis.internal.threads;

import io.leakscope.analysis.internal.dominators.DominatorTree;
import io.leakscope.analysis.internal.dominators.RetainedSizes;
import io.leakscope.analysis.internal.suspects.ApplicationPackages;
import io.leakscope.analysis.internal.suspects.Finding;
import io.leakscope.analysis.internal.suspects.LeakSuspectFinder;
import io.leakscope.analysis.report.Suspect;
import io.leakscope.heap.HeapIndex;
import io.leakscope.hprof.HprofTag;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Leak suspects held by threads: values of one {@code ThreadLocal} summed over the threads that
 * hold one, and threads parked in application code with what their stacks hold.
 *
 * <p>Design note. Thread-local values hang off each thread ({@code Thread.threadLocals →
 * ThreadLocalMap.table → Entry.value}), so in pooled threads a leak is spread over many small
 * subtrees, none big enough for the dominator-based finder. Here each thread's map entries are read
 * from the dump and grouped by the entry's {@code ThreadLocal} (the weak referent's address); a
 * group is a suspect when its values retain {@code floor} bytes together. The {@code ThreadLocal}
 * object itself is then found among the instances of {@code ThreadLocal} and its subclasses, so
 * that its path from a GC root names the static field that holds it. Values shared by several
 * threads are counted once. Cost: a few positional reads per thread and per entry, and one pass
 * over the class of every object; nothing per object is kept.
 *
 * <p>Blocked threads: a thread whose innermost frame waits ({@code Object.wait}, {@code
 * Unsafe.park}, {@code Thread.sleep}) inside application code (a frame outside {@code java.},
 * {@code jdk.}, {@code sun.}) holds what its stack's local variables retain. Threads waiting at the
 * same application frame form one suspect. Idle pool threads wait in JDK code only and are not
 * reported. A thread blocked in a socket's read or write ({@link #IO_FRAMES}) under an application
 * frame waits too: for a peer that may never answer, when the call has no timeout (the default of
 * {@code URLConnection} and {@code Socket}). Such threads, when they are all workers of one
 * executor, are said to be that pool's: a cached pool starts a thread for every call while the
 * others hang.
 */
public final class ThreadSuspectFinder {
  private ThreadSuspectFinder() {}

  private static final List<String> WAITING_FRAMES =
      List.of(
          "java.lang.Object.wait",
          "java.lang.Object.wait0", // JDK 21 and later: wait(long) calls this native method
          // a virtual thread that waits is unmounted: its stack ends where it yielded
          "jdk.internal.vm.Continuation.yield0",
          "jdk.internal.vm.Continuation.yield",
          "java.lang.VirtualThread.yieldContinuation",
          "java.lang.VirtualThread.park",
          "java.lang.VirtualThread.parkNanos",
          "jdk.internal.misc.Unsafe.park",
          "sun.misc.Unsafe.park",
          "java.lang.Thread.sleep",
          "java.lang.Thread.sleep0",
          "java.lang.Thread.sleepNanos",
          // JDK 21 and later: sleep(long) calls sleepNanos, which calls this native method
          "java.lang.Thread.sleepNanos0");

  /**
   * Innermost frames of a thread blocked in a blocking socket's read, write or accept (JDK 11 to
   * 25: {@code NioSocketImpl} reads first, then polls; before JDK 13, {@code SocketInputStream}). A
   * selector's wait ({@code EPoll.wait}) is not here: an event loop waiting for I/O is idle.
   */
  static final List<String> IO_FRAMES =
      List.of(
          "sun.nio.ch.Net.poll",
          "sun.nio.ch.Net.accept",
          "sun.nio.ch.SocketDispatcher.read0",
          "sun.nio.ch.SocketDispatcher.readv0",
          "sun.nio.ch.SocketDispatcher.write0",
          "sun.nio.ch.SocketDispatcher.writev0",
          "java.net.SocketInputStream.socketRead0",
          "java.net.SocketOutputStream.socketWrite0",
          "java.net.PlainSocketImpl.socketAccept");

  public static List<Finding> threadLocals(
      HeapIndex index,
      DominatorTree tree,
      RetainedSizes retained,
      long floor,
      ApplicationPackages packages,
      byte[] scratch)
      throws IOException {
    boolean[] isThread = index.subclassesOf("java.lang.Thread");
    Map<Long, Group> groups = new LinkedHashMap<>(); // ThreadLocal address -> values
    int n = index.objectCount();
    for (int t = 0; t < n; t++) {
      if (!isThread[index.classOf(t)] || !tree.isReachable(t)) {
        continue;
      }
      for (String field : List.of("threadLocals", "inheritableThreadLocals")) {
        int map = reference(index, t, field);
        int table = map < 0 ? -1 : reference(index, map, "table");
        if (table < 0) {
          continue;
        }
        String thread = null;
        var graph = index.graph();
        long end = graph.endEdge(table);
        for (long e = graph.firstEdge(table); e < end; e++) {
          int entry = graph.target(e);
          int value = reference(index, entry, "value");
          if (value < 0) {
            continue;
          }
          Long local = index.findAnyField(entry, "referent");
          Group g = groups.computeIfAbsent(local == null ? 0L : local, k -> new Group());
          if (thread == null) {
            thread = threadName(index, t);
          }
          g.add(t, thread, value, retained.retained(value), index.classOf(value), map);
        }
      }
    }
    List<Map.Entry<Long, Group>> big = new ArrayList<>();
    for (Map.Entry<Long, Group> e : groups.entrySet()) {
      if (e.getValue().bytes >= floor && floor > 0) {
        big.add(e);
      }
    }
    List<Finding> out = new ArrayList<>();
    if (big.isEmpty()) {
      return out;
    }
    // what accumulates inside the values: a list that grows in a context object, a map's entries
    List<int[]> valueGroups = new ArrayList<>();
    for (Map.Entry<Long, Group> e : big) {
      valueGroups.add(e.getValue().values.stream().mapToInt(Integer::intValue).toArray());
    }
    List<LeakSuspectFinder.Stored> stored =
        LeakSuspectFinder.stored(index, tree, retained, valueGroups, scratch, packages);
    Map<Long, Integer> localIds = threadLocalObjects(index);
    for (int k = 0; k < big.size(); k++) {
      Map.Entry<Long, Group> e = big.get(k);
      Group g = e.getValue();
      Integer localId = e.getKey() == 0 ? null : localIds.get(e.getKey());
      String valueClass = index.heapClass(g.commonClass()).name();
      LeakSuspectFinder.Stored inside = stored.get(k);
      boolean deeper = inside.classIndex() >= 0;
      String accumulated = deeper ? inside.name() : valueClass;
      long instances = deeper ? inside.instances() : g.values.size();
      int threads = g.threads.size();
      String holder = localId == null ? "stale ThreadLocal entries in Thread.threadLocals" : null;
      String what =
          deeper
              ? String.format(java.util.Locale.ROOT, "%,d", instances)
                  + " × "
                  + accumulated
                  + " in its "
                  + valueClass
                  + " values"
              : valueClass + " values";
      out.add(
          new Finding(
              Suspect.KIND_THREAD_LOCAL,
              localId == null ? g.firstMap : localId,
              holder,
              accumulated,
              instances,
              g.bytes,
              List.copyOf(g.threads.values()),
              List.of(),
              "ThreadLocal {holder} holds "
                  + what
                  + " in "
                  + threads
                  + " threads ({percent} of the heap)",
              threads
                  + " threads hold a value of the ThreadLocal {holder} ("
                  + valueClass
                  + (deeper ? ", holding " + what.substring(0, what.indexOf(" in its ")) : "")
                  + "), {percent} of the reachable heap together."
                  + REMOVE_ADVICE));
    }
    return out;
  }

  /**
   * Threads that wait inside the application's code, grouped by the application frame they wait in,
   * with what their stacks hold. A thread that waits in a library's code alone (Netty's timer
   * ticking, an HTTP client's task runner) is that library's, idle between its own tasks: no
   * suspect here (the pool finder counts such threads when they are made per job).
   */
  public static List<Finding> blockedThreads(
      HeapIndex index,
      DominatorTree tree,
      RetainedSizes retained,
      long floor,
      ApplicationPackages packages)
      throws IOException {
    Map<Integer, Set<Integer>> locals = stackLocals(index, id -> true);
    Map<String, Group> groups = new LinkedHashMap<>(); // waiting frame -> threads
    for (Map.Entry<Integer, Set<Integer>> e : locals.entrySet()) {
      List<String> stack = index.threadStack(e.getKey());
      String frame = waitingApplicationFrame(stack, packages);
      boolean stopped = false;
      if (frame == null
          && !stack.isEmpty()
          && packages.isApplication(Finding.frameClass(stack.get(0)))) {
        frame = stack.get(0); // running there, or blocked entering a synchronized block
        stopped = true;
      }
      if (frame == null) {
        continue;
      }
      int thread = index.threadObject(e.getKey());
      String name = thread < 0 ? "" : threadName(index, thread);
      if (name.isEmpty()) {
        name = "#" + e.getKey(); // unnamed, as virtual threads are by default
      }
      Group g = groups.computeIfAbsent(frame, k -> new Group());
      if (g.stack.isEmpty()) {
        g.stack = stack;
        g.io = waitingForIo(stack);
        g.stopped = stopped;
        g.firstThread = thread;
      }
      g.executors.add(thread < 0 ? -1 : executorOf(index, thread));
      if (thread >= 0 && asyncTask(index, thread)) {
        g.asyncTasks++;
      }
      if (thread >= 0 && isVirtual(index.heapClass(index.classOf(thread)).name())) {
        g.virtual++;
      }
      int before = g.values.size();
      for (int id : e.getValue()) {
        if (tree.isReachable(id)) {
          g.add(e.getKey(), name, id, retained.retained(id), index.classOf(id), -1);
        }
      }
      if (g.values.size() == before) {
        g.threads.put(e.getKey(), name);
      }
    }
    List<Finding> out = new ArrayList<>();
    for (Map.Entry<String, Group> e : groups.entrySet()) {
      Group g = e.getValue();
      int threads = g.threads.size();
      // many threads stuck on a socket or at one line cost their stacks, whatever the heap they
      // hold; one line is no wait at all for a few threads, which may just be running it
      boolean many = threads >= MIN_STUCK && (g.io || g.stopped);
      if (g.stopped ? !many : (g.bytes < floor || floor <= 0) && !many) {
        continue;
      }
      if (g.biggest < 0 && g.firstThread < 0) {
        continue; // nothing in the heap to show them by
      }
      String held = g.biggest < 0 ? null : heldClass(index, g, packages);
      String pool =
          g.asyncTasks == threads
              ? " Each runs a task of CompletableFuture's supplyAsync or runAsync on a thread of"
                  + " its own: without an executor, CompletableFuture starts a new thread per task"
                  + " when the common pool has a single worker (one or two processors, on JDK 17),"
                  + " so every task that hangs is one thread more. Pass supplyAsync an executor of"
                  + " your own, bounded."
              : onePool(index, g, threads);
      boolean virtual = g.virtual == threads;
      long stackMegabytes = threads * ThreadPoolFinder.STACK_BYTES >> 20;
      String stacks =
          virtual
              ? " They are virtual threads: none holds a platform thread or a stack outside the"
                  + " heap while it waits (its frames are kept in the heap), so they cost little"
                  + " each, and nothing bounds how many pile up: each is a request that never"
                  + " ends."
              : String.format(
                  java.util.Locale.ROOT,
                  " Their stacks are reserved outside the heap, about %,d MB (estimate: 1 MB per"
                      + " thread, the default -Xss).",
                  stackMegabytes);
      String kind = virtual ? " virtual threads" : " threads";
      String poolWait = poolWait(g.stack);
      String why =
          poolWait != null
              ? ". They wait for a connection from a pool ("
                  + poolWait
                  + ") whose connections are all taken: something borrows them and never gives"
                  + " them back (an HTTP response or a JDBC connection that is not closed), or the"
                  + " pool is too small for the load. Close every response or connection you open"
                  + " (try-with-resources, or a response handler), and give the wait for a"
                  + " connection a short timeout."
              : g.io
                  ? ". A call that waits for a peer with no timeout (the default of URLConnection"
                      + " and Socket reads) waits for good when the peer stops answering, and so"
                      + " does everything its thread references: give the call a read timeout"
                      + " (and a connect timeout)."
                  : g.stopped
                      ? ". So many threads at one line are not running it: they are most likely"
                          + " blocked entering a synchronized block or method there, whose lock"
                          + " another thread holds and does not let go of"
                          + lockHolder(groups, e.getKey())
                          + ". Keep slow calls (I/O, waits) out of synchronized code, or give them"
                          + " a timeout."
                      : ". If they never wake up (a lock or latch that is never released, a queue"
                          + " nobody fills), everything they reference stays: give the wait a"
                          + " timeout or make sure it is signalled.";
      String where =
          kind
              + (g.io
                  ? " are blocked on a socket in "
                  : g.stopped ? " are stopped at " : " are parked in ");
      out.add(
          new Finding(
              Suspect.KIND_BLOCKED_THREADS,
              g.biggest >= 0 ? g.biggest : g.firstThread,
              "threads waiting in " + e.getKey(),
              held == null ? index.heapClass(index.classOf(g.firstThread)).name() : held,
              threads,
              g.bytes,
              List.copyOf(g.threads.values()),
              g.stack,
              threads
                  + kind
                  + (g.io
                      ? " blocked on a socket in "
                      : g.stopped ? " stopped at " : " waiting in ")
                  + e.getKey()
                  + (g.bytes >= floor && floor > 0
                      ? " hold {percent} of the heap"
                      : virtual
                          ? ""
                          : String.format(
                              java.util.Locale.ROOT, " (about %,d MB of stacks)", stackMegabytes)),
              threads
                  + where
                  + e.getKey()
                  + " and their stacks keep {percent} of the reachable heap alive"
                  + (held == null ? "" : " (mostly " + held + ")")
                  + why
                  + pool
                  + stacks));
    }
    return out;
  }

  /**
   * What waiting threads hold, by class: the application's class that most of their locals are (a
   * request each thread works on), lambdas left aside, else the class most of them are (a buffer
   * each: shared objects, such as the pool they work for, are among the locals too, once).
   */
  private static String heldClass(HeapIndex index, Group g, ApplicationPackages packages) {
    int best = -1;
    int bestCount = 0;
    boolean bestApplication = false;
    for (Map.Entry<Integer, Integer> c : g.classes.entrySet()) {
      String name = index.heapClass(c.getKey()).name();
      boolean application = packages.isApplication(name);
      if (!name.contains("$$Lambda")
          && (application && !bestApplication
              || application == bestApplication && c.getValue() > bestCount)) {
        best = c.getKey();
        bestCount = c.getValue();
        bestApplication = application;
      }
    }
    return index.heapClass(best >= 0 ? best : index.classOf(g.biggest)).name();
  }

  /** What a ThreadLocal's suspect advises, unless its threads are another suspect's. */
  static final String REMOVE_ADVICE =
      " A value set in a pooled thread stays until the thread ends: call remove() on {holder} in"
          + " a finally block when the task is done, and keep the values small.";

  /**
   * The findings with each ThreadLocal's that holds a value in the threads of a suspect of many
   * threads (stuck, or pools never shut down) said to be that suspect's, in place of the advice to
   * remove the values: its values are many because its threads are (the JDK's cache of I/O buffers
   * in each of 120 threads stuck on a socket). Nine in ten of its threads among the other's.
   */
  public static List<Finding> linkedToTheirThreads(List<Finding> findings) {
    List<Finding> out = new ArrayList<>(findings);
    for (int i = 0; i < out.size(); i++) {
      Finding local = out.get(i);
      if (!local.kind().equals(Suspect.KIND_THREAD_LOCAL) || local.threads().isEmpty()) {
        continue;
      }
      for (Finding threads : findings) {
        boolean many =
            threads.kind().equals(Suspect.KIND_BLOCKED_THREADS)
                || threads.kind().equals(Suspect.KIND_THREAD_POOLS);
        if (!many || threads.threads().size() < MIN_STUCK) {
          continue;
        }
        Set<String> theirs = new HashSet<>(threads.threads());
        long shared = local.threads().stream().filter(theirs::contains).count();
        if (shared * 10 >= 9L * local.threads().size()) {
          out.set(
              i,
              local.explained(
                  local.explanation().replace(REMOVE_ADVICE, "")
                      + " Its values are many because its threads are: "
                      + (shared == local.threads().size() ? "all " + shared : shared + " of its")
                      + " threads are those of the suspect "
                      + threads.holder()
                      + " ("
                      + threads.threads().size()
                      + " threads), which is the leak to look at: a ThreadLocal holds a value"
                      + " per thread that used it, and ends with the thread."));
          break;
        }
      }
    }
    return out;
  }

  /**
   * The methods in which a thread waits for a pooled connection: Apache HttpClient 5's and 4's
   * pools, HikariCP's, Commons Pool's, Tomcat's JDBC pool's, c3p0's.
   */
  static final List<String> POOL_WAIT_FRAMES =
      List.of(
          "org.apache.hc.core5.pool.StrictConnPool",
          "org.apache.hc.core5.pool.LaxConnPool",
          "org.apache.http.pool.AbstractConnPool",
          "com.zaxxer.hikari.util.ConcurrentBag.borrow",
          "org.apache.commons.pool2.impl.GenericObjectPool.borrowObject",
          "org.apache.tomcat.jdbc.pool.ConnectionPool.borrowConnection",
          "com.mchange.v2.resourcepool.BasicResourcePool.awaitAvailable");

  /**
   * The pool's class when a stack waits for a pooled connection ({@link #POOL_WAIT_FRAMES}), or
   * null: 115 threads of a shared Apache HttpClient whose responses were never closed waited in its
   * pool's lease, and were told only to give "the wait" a timeout.
   */
  static @Nullable String poolWait(List<String> stack) {
    for (String frame : stack) {
      for (String pool : POOL_WAIT_FRAMES) {
        if (frame.startsWith(pool)) {
          return Finding.frameClass(frame);
        }
      }
    }
    return null;
  }

  /** Threads on a socket, or at one line, that make a suspect whatever heap they hold. */
  static final int MIN_STUCK = 10;

  /**
   * For threads stopped at a line of {@code frame}'s method, the other threads in that method (at
   * any depth of their stacks) that wait (on a socket, a lock, a sleep), as a clause, or empty: one
   * of them most likely holds the lock.
   */
  private static String lockHolder(Map<String, Group> groups, String frame) {
    int paren = frame.indexOf('(');
    String method = paren < 0 ? frame : frame.substring(0, paren + 1);
    List<String> found = new ArrayList<>();
    int threads = 0;
    for (Map.Entry<String, Group> e : groups.entrySet()) {
      Group other = e.getValue();
      if (!other.stopped && other.stack.stream().anyMatch(f -> f.startsWith(method))) {
        threads += other.threads.size();
        found.add(
            String.join(", ", other.threads.values().stream().limit(3).toList())
                + (other.threads.size() > 3 ? ", …" : "")
                + (other.io ? " (blocked on a socket in " : " (waiting in ")
                + e.getKey()
                + ")");
      }
    }
    return found.isEmpty()
        ? ""
        : "; in the same method, "
            + String.join("; ", found)
            + (threads == 1
                ? ", which most likely holds it"
                : ", one of which most likely holds it");
  }

  /**
   * Whether a thread runs one of {@code CompletableFuture}'s async tasks as its own {@code
   * Runnable} (its thread-per-task executor), not as a pool's worker.
   */
  private static boolean asyncTask(HeapIndex index, int thread) throws IOException {
    int task = task(index, thread);
    return task >= 0
        && index
            .heapClass(index.classOf(task))
            .name()
            .startsWith("java.util.concurrent.CompletableFuture$Async");
  }

  /**
   * Whether a stack waits in a blocking socket's read, write or accept: its innermost frame is one
   * ({@link #IO_FRAMES}), or, for a virtual thread, which parks instead, the JDK's frames it parked
   * under include the socket's park ({@link #SOCKET_PARK_FRAMES}).
   */
  static boolean waitingForIo(List<String> stack) {
    if (stack.isEmpty()) {
      return false;
    }
    if (IO_FRAMES.stream().anyMatch(w -> stack.get(0).startsWith(w + "("))) {
      return true;
    }
    for (String frame : stack) {
      if (!ApplicationPackages.isJdk(Finding.frameClass(frame))) {
        return false;
      }
      if (SOCKET_PARK_FRAMES.stream().anyMatch(w -> frame.startsWith(w + "("))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Frames under which a virtual thread parks while its socket has nothing to read (JDK 21 and
   * later): the socket's park, and the poller that wakes it. A platform thread in the same call
   * blocks in {@code Net.poll} instead.
   */
  static final List<String> SOCKET_PARK_FRAMES =
      List.of("sun.nio.ch.NioSocketImpl.park", "sun.nio.ch.Poller.poll");

  /** Whether a thread object's class is a virtual thread's (JDK 21 and later). */
  static boolean isVirtual(String threadClass) {
    return threadClass.equals("java.lang.VirtualThread")
        || threadClass.equals("java.lang.ThreadBuilders$BoundVirtualThread");
  }

  /**
   * The executor a thread works for: the {@code ThreadPoolExecutor} of the {@code Worker} it runs
   * ({@code Thread.target}, or {@code holder.task} on JDK 21 and later), or -1.
   */
  static int executorOf(HeapIndex index, int thread) throws IOException {
    int worker = task(index, thread);
    if (worker < 0
        || !index
            .heapClass(index.classOf(worker))
            .name()
            .equals("java.util.concurrent.ThreadPoolExecutor$Worker")) {
      return -1;
    }
    return reference(index, worker, "this$0");
  }

  /**
   * A sentence that the waiting threads are all one executor's workers, or empty: a pool whose
   * threads are stuck either stops taking work (a fixed pool, its queue grows) or starts a thread
   * for every task (a cached pool, as here when they are many).
   */
  private static String onePool(HeapIndex index, Group g, int threads) {
    if (g.executors.size() != 1 || g.executors.contains(-1)) {
      return "";
    }
    int executor = g.executors.iterator().next();
    String name = g.threads.values().iterator().next();
    return " All "
        + threads
        + " are threads of one "
        + index.heapClass(index.classOf(executor)).name()
        + " (named "
        + name.replaceAll("\\d+", "N")
        + "): while its threads hang, a pool with no bound on its threads (a cached pool)"
        + " starts one more for every task, each with its stack, and a bounded one stops taking"
        + " work.";
  }

  /** The Runnable a thread runs: {@code Thread.target}, or {@code holder.task} on JDK 21+. */
  static int task(HeapIndex index, int thread) throws IOException {
    int target = reference(index, thread, "target");
    if (target >= 0) {
      return target;
    }
    int holder = reference(index, thread, "holder");
    return holder < 0 ? -1 : reference(index, holder, "task");
  }

  /** Whether the innermost frame of a stack waits: parked, in {@code Object.wait}, sleeping. */
  static boolean waiting(List<String> stack) {
    return !stack.isEmpty()
        && WAITING_FRAMES.stream().anyMatch(w -> stack.get(0).startsWith(w + "("));
  }

  /**
   * The objects each thread's frames refer to (Java locals and JNI locals), by thread serial: those
   * {@code keep} accepts, thread objects left out (they are counted as threads).
   */
  static Map<Integer, Set<Integer>> stackLocals(
      HeapIndex index, java.util.function.IntPredicate keep) {
    boolean[] isThread = index.subclassesOf("java.lang.Thread");
    Map<Integer, Set<Integer>> locals = new HashMap<>();
    var roots = index.roots();
    for (int i = 0; i < roots.count(); i++) {
      int kind = roots.kind(i);
      int id = roots.objectId(i);
      if ((kind == HprofTag.ROOT_JAVA_FRAME || kind == HprofTag.ROOT_JNI_LOCAL)
          && id >= 0
          && !isThread[index.classOf(id)]
          && keep.test(id)) {
        locals.computeIfAbsent(roots.threadSerial(i), k -> new HashSet<>()).add(id);
      }
    }
    return locals;
  }

  /**
   * The application frame a waiting thread waits in (the innermost frame of neither the JDK nor a
   * library), or null if it is not waiting or no frame is the application's.
   */
  static String waitingApplicationFrame(List<String> stack, ApplicationPackages packages) {
    if (!waiting(stack) && !waitingForIo(stack)) {
      return null;
    }
    for (String frame : stack) {
      if (packages.isApplication(Finding.frameClass(frame))) {
        return frame;
      }
    }
    return null;
  }

  /** What one ThreadLocal's values, or one group of threads, hold. */
  private static final class Group {
    /**
     * The threads by identity (a thread object or serial), with their names: threads share names
     * (virtual threads have none by default), so a set of names counted 3,000 waiting virtual
     * threads as one.
     */
    final Map<Integer, String> threads = new LinkedHashMap<>();

    final Set<Integer> values = new HashSet<>();
    final Map<Integer, Integer> classes = new HashMap<>();

    /** Blocked threads: the executors whose workers they are (-1: none). */
    final Set<Integer> executors = new HashSet<>();

    /** Blocked threads: whether they wait for a socket rather than a lock or a sleep. */
    boolean io;

    /** Blocked threads: whether their innermost frame is the application's own (no wait). */
    boolean stopped;

    /** Blocked threads: how many run a {@code CompletableFuture} task on a thread of its own. */
    int asyncTasks;

    /** Blocked threads: how many are virtual threads. */
    int virtual;

    /** Blocked threads: the first one's thread object, or -1. */
    int firstThread = -1;

    long bytes;
    int biggest = -1;
    long biggestBytes = -1;
    int firstMap = -1;
    List<String> stack = List.of();

    void add(int threadKey, String thread, int value, long valueBytes, int cls, int map) {
      threads.putIfAbsent(threadKey, thread);
      if (firstMap < 0) {
        firstMap = map;
      }
      if (values.add(value)) {
        bytes += valueBytes;
        classes.merge(cls, 1, Integer::sum);
        if (valueBytes > biggestBytes) {
          biggest = value;
          biggestBytes = valueBytes;
        }
      }
    }

    int commonClass() {
      return classes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }
  }

  /**
   * ThreadLocal objects (and subclasses) by address, their addresses read at once in file order (a
   * service has hundreds to thousands; one random read each is slow on a gzip dump).
   */
  private static Map<Long, Integer> threadLocalObjects(HeapIndex index) throws IOException {
    boolean[] isLocal = index.subclassesOf("java.lang.ThreadLocal");
    int[] locals =
        java.util.stream.IntStream.range(0, index.objectCount())
            .filter(id -> isLocal[index.classOf(id)])
            .toArray();
    long[] addresses = index.addresses(locals);
    Map<Long, Integer> out = new HashMap<>();
    for (int k = 0; k < locals.length; k++) {
      out.put(addresses[k], locals[k]);
    }
    return out;
  }

  /** The object a reference field points at, or -1. */
  static int reference(HeapIndex index, int id, String field) throws IOException {
    Long address = index.findReferenceField(id, field);
    return address == null || address == 0 ? -1 : index.referencedObjectAt(id, address);
  }

  static String threadName(HeapIndex index, int thread) throws IOException {
    int name = reference(index, thread, "name");
    String s = name < 0 ? null : index.readString(name, 200);
    return s == null ? "?" : s;
  }
}
