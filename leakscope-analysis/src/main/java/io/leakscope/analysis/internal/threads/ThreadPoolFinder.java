package io.leakscope.analysis.internal.threads;

import io.leakscope.analysis.internal.dominators.DominatorTree;
import io.leakscope.analysis.internal.dominators.RetainedSizes;
import io.leakscope.analysis.internal.growth.SuspectGrowth;
import io.leakscope.analysis.internal.suspects.ApplicationPackages;
import io.leakscope.analysis.internal.suspects.Finding;
import io.leakscope.analysis.report.Suspect;
import io.leakscope.heap.HeapIndex;
import io.leakscope.hprof.HprofTag;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Leaked thread pools: executors made per job and never shut down. Each leaves its threads parked
 * in {@code ThreadPoolExecutor.getTask}, with no application frame on their stacks and little heap
 * behind them, so no retained-size rule sees them; what grows is the number of pools, and the
 * native memory of their stacks.
 *
 * <p>Design note. Every pool thread runs a {@code ThreadPoolExecutor$Worker} (the thread's {@code
 * target}; on JDK 21+ {@code holder.task}) whose {@code this$0} is its executor, so threads are
 * grouped by executor, and executors by a pattern that does not depend on the pool's number: the
 * thread name with digit runs replaced by {@code N} ({@code pool-7-thread-1} → {@code
 * pool-N-thread-N}), the executor's class and its {@code ThreadFactory}'s class. A group is a
 * suspect when it holds at least {@link #MIN_POOLS} pools whose threads are all idle (parked, with
 * {@code getTask} on the stack), and at most one pool in ten with a thread at work (a dump can
 * catch a leaked pool running its last task; before, one such thread hid all the others): one
 * long-lived pool of any size is never one. What the pools run is read from the first non-JDK
 * classes a few references below their work queues (a task, a lambda). The stacks' native memory is
 * an estimate: threads × {@link #STACK_BYTES}, the JVM's default {@code -Xss} on 64-bit Linux; the
 * dump does not record the real size. Cost: a few positional reads per thread; nothing per heap
 * object is kept.
 *
 * <p>{@code java.util.Timer}s made per job and never cancelled are the same leak: each keeps a
 * {@code TimerThread} waiting in {@code mainLoop} while a task is scheduled (a timeout an hour
 * away). Such a thread is a pool of one, its timer identified by its task queue, and the same rule
 * holds: at least {@link #MIN_POOLS} of one name pattern, all idle.
 *
 * <p>Pools that are neither (Netty's event loop groups, {@code ForkJoinPool}s) leave no executor
 * the dump names; their threads' names number the pool and then the thread ({@code
 * multiThreadIoEventLoopGroup-7-1}). Threads whose names hold two numbers are grouped by pattern
 * and thread class, the first number being the pool, and the same rule holds, idle meaning waiting,
 * parked or in a selector with no frame of the application. A name with one number cannot tell a
 * pool from a thread of one pool, and is left alone.
 */
public final class ThreadPoolFinder {
  private ThreadPoolFinder() {}

  /** Pools of one pattern, all idle, that make a suspect. */
  static final int MIN_POOLS = 10;

  /** Reserved stack per thread for the native-memory estimate: the default -Xss (1 MB). */
  static final long STACK_BYTES = 1L << 20;

  private static final Pattern DIGITS = Pattern.compile("\\d+");

  /**
   * Between the parts of a group's key: a character no thread or class name holds (a name may hold
   * {@code |}: {@code kafka-producer-network-thread | producer-7}).
   */
  private static final String SEP = "\u0000";

  /** The pools of one pattern. */
  private static final class Group {
    /** The pools: executors or timers' queues (object ids), or the numbers of numbered threads. */
    final Set<Integer> executors = new LinkedHashSet<>();

    final List<Integer> threads = new ArrayList<>();

    /** The threads' names, in the order of {@link #threads}. */
    final List<String> names = new ArrayList<>();

    /** The threads' names, oldest pool first: see {@link SuspectGrowth#byFirstNumber}. */
    List<String> namesOldestFirst() {
      return SuspectGrowth.byFirstNumber(names);
    }

    final Set<String> tasks = new LinkedHashSet<>();
    long retained;

    /** The pools with a thread that is not idle. */
    final Set<Integer> busy = new LinkedHashSet<>();

    int idleThreads;

    /** What the threads at work add to the count of idle ones, if any. */
    String atWork() {
      return busy.isEmpty()
          ? ""
          : " (and "
              + (threads.size() - idleThreads)
              + " at work, in "
              + busy.size()
              + (busy.size() == 1 ? " pool)" : " pools)");
    }

    /** Whether a thread of {@code pool} is idle. */
    void idle(int pool, boolean idle) {
      if (idle) {
        idleThreads++;
      } else {
        busy.add(pool);
      }
    }

    /**
     * Whether the pools are a leak: at least {@link #MIN_POOLS} of them idle, and at most one in
     * ten with a thread at work (a dump can catch a leaked pool's thread running its last task).
     */
    boolean leaked() {
      return executors.size() - busy.size() >= MIN_POOLS && busy.size() * 10 <= executors.size();
    }

    /**
     * One more thread of the group, and what it retains, with what its stack alone holds ({@code
     * stackHeld}: the pool's worker and what it runs are locals of the thread's frames, so the
     * thread object does not dominate them).
     */
    void add(int thread, String name, DominatorTree tree, RetainedSizes sizes, long stackHeld) {
      threads.add(thread);
      names.add(name);
      retained += (tree.isReachable(thread) ? sizes.retained(thread) : 0) + stackHeld;
    }
  }

  /**
   * What each thread's stack alone holds: the retained sizes of the objects its frames refer to
   * that no one object dominates (a pool's worker, its executor, a timer the frames run), each
   * counted for one thread only. Without them a pool of Netty's timers, whose wheels its threads'
   * frames hold, was said to keep 40 KB, its threads' own objects, for 1.9 MB.
   */
  private static final class StackHeld {
    private final Map<Integer, Set<Integer>> locals; // thread serial -> objects
    private final Set<Integer> counted = new java.util.HashSet<>();
    private final RetainedSizes retained;

    StackHeld(HeapIndex index, DominatorTree tree, RetainedSizes retained) {
      this.retained = retained;
      this.locals =
          ThreadSuspectFinder.stackLocals(
              index,
              id -> tree.isReachable(id) && tree.immediateDominator(id) == DominatorTree.ROOT);
    }

    /** What the frames of thread {@code serial} hold that no thread counted before holds. */
    long of(int serial) {
      long bytes = 0;
      for (int id : locals.getOrDefault(serial, Set.of())) {
        if (counted.add(id)) {
          bytes += retained.retained(id);
        }
      }
      return bytes;
    }
  }

  /** The leaked pools, one finding per name pattern, executor and factory class. */
  public static List<Finding> find(
      HeapIndex index, DominatorTree tree, RetainedSizes retained, ApplicationPackages packages)
      throws IOException {
    return find(index, tree, retained, packages, new HashMap<>());
  }

  /**
   * As {@link #find(HeapIndex, DominatorTree, RetainedSizes, ApplicationPackages)}, and puts the
   * thread objects of each finding into {@code threadsOf}, by the finding's target: what the pools
   * keep alive is reached from them.
   */
  public static List<Finding> find(
      HeapIndex index,
      DominatorTree tree,
      RetainedSizes retained,
      ApplicationPackages packages,
      Map<Integer, int[]> threadsOf)
      throws IOException {
    boolean[] isExecutor = index.subclassesOf("java.util.concurrent.ThreadPoolExecutor");
    Map<Integer, Integer> serialOf = new HashMap<>(); // thread object -> thread serial
    var roots = index.roots();
    for (int i = 0; i < roots.count(); i++) {
      if (roots.kind(i) == HprofTag.ROOT_THREAD_OBJECT && roots.objectId(i) >= 0) {
        serialOf.put(roots.objectId(i), roots.threadSerial(i));
      }
    }
    boolean[] isTimerThread = index.subclassesOf("java.util.TimerThread");
    boolean[] isExecutorService =
        index.subclassesOf("java.util.concurrent.AbstractExecutorService");
    StackHeld stackHeld = new StackHeld(index, tree, retained);
    Map<String, Group> groups = new LinkedHashMap<>();
    Numbered numbered =
        new Numbered(index, tree, retained, packages, groups, stackHeld, isExecutorService);
    Set<Integer> timerQueues = null; // the task queues of the timers still in the heap
    for (Map.Entry<Integer, Integer> e : serialOf.entrySet()) {
      int thread = e.getKey();
      if (isTimerThread[index.classOf(thread)]) {
        if (timerQueues == null) {
          timerQueues = timerQueues(index, tree);
        }
        timer(index, tree, retained, thread, e.getValue(), groups, stackHeld, timerQueues);
        continue;
      }
      int executor = ThreadSuspectFinder.executorOf(index, thread);
      if (executor < 0 || !isExecutor[index.classOf(executor)]) {
        numbered.add(thread, e.getValue());
        continue;
      }
      String name = ThreadSuspectFinder.threadName(index, thread);
      int factory = ThreadSuspectFinder.reference(index, executor, "threadFactory");
      String pattern = DIGITS.matcher(name).replaceAll("N");
      String executorClass = index.heapClass(index.classOf(executor)).name();
      String key =
          pattern
              + SEP
              + executorClass
              + SEP
              + (factory < 0 ? "" : index.heapClass(index.classOf(factory)).name());
      Group g = groups.computeIfAbsent(key, k -> new Group());
      g.add(thread, name, tree, retained, stackHeld.of(e.getValue()));
      g.idle(executor, idle(index.threadStack(e.getValue())));
      if (g.executors.add(executor) && g.tasks.size() < 3) {
        g.tasks.addAll(runs(index, ThreadSuspectFinder.reference(index, executor, "workQueue")));
      }
    }
    List<Finding> out = new ArrayList<>();
    for (Map.Entry<String, Group> e : groups.entrySet()) {
      Group g = e.getValue();
      if (!g.leaked()) {
        continue;
      }
      String[] key = e.getKey().split(SEP, -1);
      String pattern = key[0];
      String executorClass = key[1];
      int pools = g.executors.size();
      int threads = g.threads.size();
      String runs = g.tasks.isEmpty() ? "" : ", running " + String.join(", ", g.tasks);
      String stacks = stacks(threads);
      if (executorClass.equals(TIMER)) {
        out.add(timers(g, pattern, runs, stacks));
        continue;
      }
      if (key[2].equals(NUMBERED)) {
        out.add(numberedGroups(g, pattern, executorClass, stacks));
        continue;
      }
      if (key[2].equals(OWN)) {
        out.add(ownThreads(g, pattern, executorClass, stacks, packages));
        continue;
      }
      out.add(
          pools(
              g,
              pattern,
              executorClass,
              runs,
              pools
                  + " "
                  + executorClass
                  + " pools (factory: "
                  + (key[2].isEmpty() ? "none" : key[2])
                  + ") keep "
                  + g.idleThreads
                  + " threads named "
                  + pattern
                  + " parked in ThreadPoolExecutor.getTask with nothing to do"
                  + g.atWork()
                  + runs
                  + ". Each pool was made for a job and never shut down: its threads live"
                  + " until the JVM ends, about "
                  + stacks
                  + " of stacks reserved outside the heap (estimate: 1 MB per thread, the"
                  + " default -Xss). "
                  + shutDown(key[2], packages)));
    }
    for (Group g : groups.values()) {
      if (g.leaked() && !g.threads.isEmpty()) {
        threadsOf.put(g.threads.get(0), g.threads.stream().mapToInt(Integer::intValue).toArray());
      }
    }
    return sameOwners(out, threadsOf);
  }

  /**
   * The findings with those whose threads belong to the same owners made one: two findings whose
   * name patterns agree up to their first number and whose threads carry the same set of first
   * numbers (one group's all among the other's) are the threads of the same objects. A JDK {@code
   * HttpClient} runs a selector thread ({@code HttpClient-7-SelectorManager}) and a pool of workers
   * ({@code HttpClient-7-Worker-0}), both numbered by the client: 60 clients kept in a map were two
   * suspects, "60 threads never stopped" and "60 thread pools never shut down", and the JDK's
   * buffer cache in those threads a third, since neither group held nine in ten of its threads.
   * Pools numbered by a global counter ({@code pool-3-thread-1}) never share their numbers with
   * another group.
   */
  static List<Finding> sameOwners(List<Finding> findings, Map<Integer, int[]> threadsOf) {
    List<Finding> out = new ArrayList<>(findings);
    for (int i = 0; i < out.size(); i++) {
      for (int j = i + 1; j < out.size(); j++) {
        Finding a = out.get(i);
        Finding b = out.get(j);
        if (!a.kind().equals(Suspect.KIND_THREAD_POOLS)
            || !b.kind().equals(Suspect.KIND_THREAD_POOLS)
            || !ownerPrefix(a.holder()).equals(ownerPrefix(b.holder()))
            || ownerPrefix(a.holder()).isEmpty()) {
          continue;
        }
        Set<BigInteger> ownersOfA = ownerNumbers(a.threads());
        Set<BigInteger> ownersOfB = ownerNumbers(b.threads());
        if (!sameOwners(ownersOfA, ownersOfB)) {
          continue;
        }
        // the threads each of its own object runs (a client's selector) name the owners, whose
        // path goes through what keeps them (an application's map of clients); else the bigger
        boolean ownA = a.holder().startsWith("threads ");
        boolean ownB = b.holder().startsWith("threads ");
        Finding first = ownA != ownB ? (ownA ? a : b) : a.retained() >= b.retained() ? a : b;
        Finding second = first == a ? b : a;
        int owners = Math.max(ownersOfA.size(), ownersOfB.size());
        out.set(
            i,
            first.joining(
                second,
                " The same "
                    + owners
                    + " owners (their number is in the threads' names) also keep "
                    + second.threads().size()
                    + " threads named "
                    + pattern(second.holder())
                    + ", about "
                    + stacks(second.threads().size())
                    + " more of stacks: "
                    + Character.toLowerCase(second.title().charAt(0))
                    + second.title().substring(1)
                    + "."));
        out.remove(j);
        int[] mine = threadsOf.getOrDefault(first.target(), new int[0]);
        int[] theirs = threadsOf.getOrDefault(second.target(), new int[0]);
        int[] both = java.util.Arrays.copyOf(mine, mine.length + theirs.length);
        System.arraycopy(theirs, 0, both, mine.length, theirs.length);
        threadsOf.remove(second.target());
        threadsOf.put(first.target(), both);
        j = i; // look again from the merged one
      }
    }
    return out;
  }

  /** The name pattern of a pools finding's holder ({@code threads P}, {@code thread pools P}). */
  private static String pattern(String holder) {
    return holder.replaceFirst("^(threads|thread pools|timers) ", "");
  }

  /** A pattern up to its first number ({@code HttpClient-N}), or empty when it has none. */
  static String ownerPrefix(String holder) {
    String p = pattern(holder);
    int n = p.indexOf('N');
    while (n >= 0 && n + 1 < p.length() && Character.isLetter(p.charAt(n + 1))) {
      n = p.indexOf('N', n + 1); // a letter N inside a word is no number
    }
    return n < 0 ? "" : p.substring(0, n + 1);
  }

  /**
   * Whether two groups' owners are the same: one's numbers all among the other's (a client's
   * workers end when idle, its selector thread does not), and enough of them to be a leak's.
   */
  private static boolean sameOwners(Set<BigInteger> a, Set<BigInteger> b) {
    Set<BigInteger> small = a.size() <= b.size() ? a : b;
    Set<BigInteger> big = small == a ? b : a;
    return !small.isEmpty() && big.size() >= MIN_POOLS && big.containsAll(small);
  }

  /** The first number in each name ({@link SuspectGrowth#firstNumber}). */
  private static Set<BigInteger> ownerNumbers(List<String> names) {
    Set<BigInteger> out = new HashSet<>();
    for (String name : names) {
      BigInteger n = SuspectGrowth.firstNumber(name);
      if (n != null) {
        out.add(n);
      }
    }
    return out;
  }

  /** The stacks of {@code threads} threads reserved outside the heap, at the default -Xss. */
  private static String stacks(int threads) {
    return String.format("%,d MB", threads * STACK_BYTES >> 20);
  }

  /**
   * Objects that each ran a thread of their own and were never closed: a finding like a pool's,
   * each thread its own pool, titled by the threads.
   */
  private static Finding ownThreads(
      Group g, String pattern, String runsClass, String stacks, ApplicationPackages packages) {
    int threads = g.threads.size();
    String where = g.tasks.isEmpty() ? "" : " in " + g.tasks.iterator().next();
    String library = packages.libraryName(runsClass);
    String of = library == null || ApplicationPackages.isJdk(runsClass) ? "" : " of " + library;
    return new Finding(
        Suspect.KIND_THREAD_POOLS,
        g.threads.get(0),
        "threads " + pattern,
        runsClass,
        threads,
        g.retained,
        g.namesOldestFirst(),
        List.of(),
        threads + " threads never stopped (" + g.idleThreads + " idle, named " + pattern + ")",
        g.idleThreads
            + " threads named "
            + pattern
            + " are idle"
            + where
            + g.atWork()
            + ", with no frame of the application on their stacks, each running its own "
            + (runsClass.contains("$$Lambda")
                ? "lambda of " + runsClass.substring(0, runsClass.indexOf("$$Lambda"))
                : runsClass)
            + ": no pool runs them, each is the thread of one object, a pool of one. Each such"
            + " object (a client, a consumer or a connection"
            + of
            + ") was made for a job or a request and never closed: its thread, and what the"
            + " thread keeps, live until the JVM ends, about "
            + stacks
            + " of stacks reserved outside the heap (estimate: 1 MB per thread, the default"
            + " -Xss). Close each when its work is done (its close() or shutdown() ends the"
            + " thread), or share one.");
  }

  private static final String TIMER = "java.util.Timer";

  /**
   * What to do about pools that were never shut down: the application's own, shut them down; a
   * library's (made by its thread factory: HikariCP's housekeeper of each connection pool), close
   * the library's object that owns each, since the application never sees the executor.
   */
  static String shutDown(String factoryClass, ApplicationPackages packages) {
    String library = factoryClass.isEmpty() ? null : packages.libraryName(factoryClass);
    if (library == null || ApplicationPackages.isJdk(factoryClass)) {
      return "Share one executor, or call shutdown() when the job is done.";
    }
    return "The pools are "
        + library
        + "'s (its thread factory made their threads): each belongs to an object of "
        + library
        + " that was made per job and never closed (a connection pool, a client). Share one, or"
        + " close it when the job is done.";
  }

  /** The key's mark for threads grouped by the first number of their names. */
  private static final String NUMBERED = "<numbered>";

  /** Innermost frames of a thread idle in a selector: an event loop waiting for I/O. */
  private static final List<String> SELECTING =
      List.of(
          "sun.nio.ch.EPoll.wait(",
          "sun.nio.ch.KQueue.poll(",
          "sun.nio.ch.WEPoll.wait(",
          "io.netty.channel.epoll.Native.epollWait",
          "io.netty.channel.epoll.Native.epollBusyWait",
          "io.netty.channel.kqueue.Native.keventWait",
          "io.netty.channel.uring.Native.ioUringEnter");

  /** The key's mark for threads of one number in their names, each running an object of its own. */
  private static final String OWN = "<own>";

  /** How many references below what a thread runs an executor is looked for. */
  private static final int EXECUTOR_DEPTH = 2;

  /**
   * Threads of no executor or timer the dump shows, grouped by their names.
   *
   * <p>When a name numbers a group and then a thread ({@code multiThreadIoEventLoopGroup-7-1},
   * {@code ForkJoinPool-3-worker-1}), the first number is its group. Event loop groups made per
   * connection or per job and never shut down leave such threads idle in a selector, with no frame
   * of the application on their stacks: 120 of Netty's were no suspect at all.
   *
   * <p>When a name holds one number ({@code kafka-producer-network-thread | producer-7}, {@code
   * http-nio-8080-exec-3}), it numbers either the threads of one pool or objects that each run a
   * thread of their own: a client's I/O thread, made with the client and ended by its {@code
   * close()}. The two are told apart by what the thread runs (its {@code Runnable}, or the thread
   * itself when it has none): a pool's worker refers to its pool, an executor, within {@link
   * #EXECUTOR_DEPTH} references (Tomcat's workers through their {@code this$0}, a fork-join worker
   * through its {@code pool}); an object's own thread runs that object, which refers to no
   * executor. Such threads are grouped by name pattern and the class of what they run, each its own
   * pool; 120 Kafka producers never closed were no suspect before. Idle, for both: waiting (parked,
   * in {@code Object.wait}) or selecting, with no application frame.
   */
  private static final class Numbered {
    private final HeapIndex index;
    private final DominatorTree tree;
    private final RetainedSizes retained;
    private final ApplicationPackages packages;
    private final Map<String, Group> groups;
    private final StackHeld stackHeld;
    private final boolean[] isExecutorService;

    Numbered(
        HeapIndex index,
        DominatorTree tree,
        RetainedSizes retained,
        ApplicationPackages packages,
        Map<String, Group> groups,
        StackHeld stackHeld,
        boolean[] isExecutorService) {
      this.index = index;
      this.tree = tree;
      this.retained = retained;
      this.packages = packages;
      this.groups = groups;
      this.stackHeld = stackHeld;
      this.isExecutorService = isExecutorService;
    }

    void add(int thread, int serial) throws IOException {
      String name = ThreadSuspectFinder.threadName(index, thread);
      Matcher digits = DIGITS.matcher(name);
      if (!digits.find()) {
        return;
      }
      int group;
      try {
        group = Integer.parseInt(digits.group());
      } catch (NumberFormatException e) {
        return;
      }
      String pattern = DIGITS.matcher(name).replaceAll("N");
      Group g;
      int pool;
      if (digits.find()) {
        String threadClass = index.heapClass(index.classOf(thread)).name();
        g = groups.computeIfAbsent(pattern + SEP + threadClass + SEP + NUMBERED, k -> new Group());
        pool = group;
      } else {
        int task = ThreadSuspectFinder.task(index, thread);
        int runs = task >= 0 ? task : thread;
        if (reachesExecutor(runs)) {
          return; // a thread of a pool that numbers its threads only
        }
        String runsClass = index.heapClass(index.classOf(runs)).name();
        g = groups.computeIfAbsent(pattern + SEP + runsClass + SEP + OWN, k -> new Group());
        pool = thread;
      }
      g.add(thread, name, tree, retained, stackHeld.of(serial));
      List<String> stack = index.threadStack(serial);
      boolean idle =
          !stack.isEmpty()
              && (ThreadSuspectFinder.waiting(stack)
                  || SELECTING.stream().anyMatch(f -> stack.get(0).startsWith(f)))
              && stack.stream().noneMatch(f -> packages.isApplication(Finding.frameClass(f)));
      g.idle(pool, idle);
      if (g.executors.add(pool) && g.tasks.isEmpty()) {
        // where the first of them waits: the first frame outside the JDK
        stack.stream()
            .filter(f -> !ApplicationPackages.isJdk(Finding.frameClass(f)))
            .findFirst()
            .ifPresent(f -> g.tasks.add(f.substring(0, Math.max(0, f.indexOf('(')))));
      }
    }

    /** Whether an executor is within {@link #EXECUTOR_DEPTH} references of {@code from}. */
    private boolean reachesExecutor(int from) {
      var graph = index.graph();
      List<Integer> level = List.of(from);
      Set<Integer> seen = new java.util.HashSet<>(level);
      for (int depth = 0; depth <= EXECUTOR_DEPTH && !level.isEmpty(); depth++) {
        List<Integer> next = new ArrayList<>();
        for (int v : level) {
          if (isExecutorService[index.classOf(v)]) {
            return true;
          }
          for (long k = graph.firstEdge(v); k < graph.endEdge(v); k++) {
            int w = graph.target(k);
            if (w >= 0 && seen.add(w)) {
              next.add(w);
            }
          }
        }
        level = next;
      }
      return false;
    }
  }

  /** The finding of pools never shut down, with what they run ({@code runs}, or empty). */
  private static Finding pools(
      Group g, String pattern, String accumulatedClass, String runs, String explanation) {
    return finding(
        g, "thread pools", "never shut down", pattern, accumulatedClass, runs, explanation);
  }

  /**
   * A finding of pools or timers: holder {@code "<what> <pattern>"}, titled with how many, what was
   * never done to them, and their idle threads.
   */
  private static Finding finding(
      Group g,
      String what,
      String never,
      String pattern,
      String accumulatedClass,
      String runs,
      String explanation) {
    int pools = g.executors.size();
    return new Finding(
        Suspect.KIND_THREAD_POOLS,
        g.threads.get(0),
        what + " " + pattern,
        accumulatedClass,
        pools,
        g.retained,
        g.namesOldestFirst(),
        List.of(),
        pools
            + " "
            + what
            + " "
            + never
            + " ("
            + g.idleThreads
            + " idle threads named "
            + pattern
            + ")"
            + runs,
        explanation);
  }

  /** Groups of numbered threads never shut down: event loop groups, fork-join pools. */
  private static Finding numberedGroups(
      Group g, String pattern, String threadClass, String stacks) {
    int pools = g.executors.size();
    String where = g.tasks.isEmpty() ? "" : " in " + g.tasks.iterator().next();
    return pools(
        g,
        pattern,
        threadClass,
        "",
        g.idleThreads
            + " threads named "
            + pattern
            + " ("
            + threadClass
            + ") are idle"
            + where
            + g.atWork()
            + ", with no frame of the application on their stacks, in "
            + pools
            + " pools (the first number of their names). Each pool, an event loop group or an"
            + " executor of a library, was made for a connection or a job and never shut down:"
            + " its threads live until the JVM ends, about "
            + stacks
            + " of stacks reserved outside the heap (estimate: 1 MB per thread, the default"
            + " -Xss). Share one pool, or shut it down when its work is done (a Netty"
            + " EventLoopGroup's shutdownGracefully(), an executor's shutdown()).");
  }

  /**
   * A {@code java.util.Timer}'s thread: grouped as a pool of one, by its name's pattern, its timer
   * being its task queue (a timer and its thread share it). Idle when it waits in {@code
   * TimerThread.mainLoop} for its next task.
   */
  private static void timer(
      HeapIndex index,
      DominatorTree tree,
      RetainedSizes retained,
      int thread,
      int serial,
      Map<String, Group> groups,
      StackHeld stackHeld,
      Set<Integer> timerQueues)
      throws IOException {
    int queue = ThreadSuspectFinder.reference(index, thread, "queue");
    if (queue < 0) {
      return;
    }
    Long size = index.findPrimitiveField(queue, "size");
    if (size != null && size == 0 && !timerQueues.contains(queue)) {
      // a timer dropped with no task left: collected, its thread ends once the timer's cleaner
      // has run (under ZGC that can be after the next dump); no timer keeps it
      return;
    }
    String name = ThreadSuspectFinder.threadName(index, thread);
    String pattern = DIGITS.matcher(name).replaceAll("N");
    Group g = groups.computeIfAbsent(pattern + SEP + TIMER + SEP, k -> new Group());
    g.add(thread, name, tree, retained, stackHeld.of(serial));
    List<String> stack = index.threadStack(serial);
    g.idle(
        queue,
        ThreadSuspectFinder.waiting(stack)
            && stack.stream().anyMatch(f -> f.startsWith("java.util.TimerThread.mainLoop(")));
    if (g.executors.add(queue) && g.tasks.size() < 3) {
      g.tasks.addAll(runs(index, queue));
    }
  }

  /**
   * The task queues of the reachable {@code java.util.Timer}s: a timer thread whose queue none of
   * them has belongs to a timer that is gone. One scan of every object's class, only when the dump
   * has a timer thread.
   */
  private static Set<Integer> timerQueues(HeapIndex index, DominatorTree tree) throws IOException {
    boolean[] isTimer = index.subclassesOf(TIMER);
    boolean any = index.hasInstances(isTimer);
    Set<Integer> queues = new HashSet<>();
    var classOf = index.classColumn();
    for (int id = 0; any && id < index.objectCount(); id++) {
      if (isTimer[classOf.get(id)] && tree.isReachable(id)) {
        int queue = ThreadSuspectFinder.reference(index, id, "queue");
        if (queue >= 0) {
          queues.add(queue);
        }
      }
    }
    return queues;
  }

  /**
   * Timers made per job and never cancelled: each keeps a thread waiting for its next task (a
   * timeout an hour away, or none at all) until the JVM ends, or until it has run every task and
   * the timer was collected.
   */
  private static Finding timers(Group g, String pattern, String runs, String stacks) {
    return finding(
        g,
        "timers",
        "never cancelled",
        pattern,
        TIMER,
        runs,
        g.executors.size()
            + " java.util.Timer objects keep "
            + g.idleThreads
            + " threads named "
            + pattern
            + " waiting in TimerThread.mainLoop"
            + g.atWork()
            + runs
            + ". Each timer was made for a job and never cancelled: its thread lives as long as"
            + " a task is scheduled on it, or until the JVM ends, about "
            + stacks
            + " of stacks reserved outside the heap (estimate: 1 MB per thread, the default"
            + " -Xss). Share one ScheduledExecutorService, or call cancel() on the timer when"
            + " the job is done.");
  }

  /** Whether a stack is a pool thread waiting for work. */
  static boolean idle(List<String> stack) {
    return ThreadSuspectFinder.waiting(stack)
        && stack.stream()
            .anyMatch(f -> f.startsWith("java.util.concurrent.ThreadPoolExecutor.getTask("));
  }

  /**
   * The first classes outside the JDK found within a few references of a work queue (an executor's,
   * a timer's): what it runs (a task class, a lambda), where the dump shows it.
   */
  private static List<String> runs(HeapIndex index, int queue) throws IOException {
    List<String> found = new ArrayList<>();
    if (queue < 0) {
      return found;
    }
    var graph = index.graph();
    List<Integer> level = List.of(queue);
    Set<Integer> seen = new java.util.HashSet<>(level);
    for (int depth = 0; depth < 5 && !level.isEmpty() && found.isEmpty(); depth++) {
      List<Integer> next = new ArrayList<>();
      for (int v : level) {
        long end = graph.endEdge(v);
        for (long e = graph.firstEdge(v); e < end && next.size() < 64; e++) {
          int w = graph.target(e);
          if (seen.add(w)) {
            String name = index.heapClass(index.classOf(w)).name();
            if (!ApplicationPackages.isJdk(name)) {
              if (!found.contains(name)) {
                found.add(name);
              }
            } else {
              next.add(w);
            }
          }
        }
      }
      level = next;
    }
    return found;
  }
}
