package io.leakscope.cli.it.programs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One planted leak of the kind named by {@code -Dleak.kind}, beside a bigger legitimate structure
 * that does not change: a catalog of about 6 MB. Each {@code grow} command adds a step of about 400
 * KB to the leak, so after three steps the leak is still much smaller than the catalog and only
 * growth between dumps tells them apart.
 *
 * <p>Kinds: {@code static-cache} (entries put into a static map and never evicted), {@code
 * listeners} (listeners registered on a long-lived event bus and never removed), {@code scheduled}
 * (tasks scheduled far in the future and never cancelled), {@code thread-local} (a ThreadLocal in
 * pooled threads that collects data per task and is never cleared), {@code blocked-threads}
 * (threads that wait forever on a latch while holding a buffer), {@code sleeping-threads} (the
 * same, asleep for an hour) and {@code class-loader} (plugin code loaded again in a new class
 * loader while the old instance stays registered) and {@code thread-pools} (an executor made for
 * each job, run once and never shut down: each {@code grow} adds {@value #POOLS_PER_STEP} pools
 * whose threads then idle forever). {@code -Dcatalog.entries} sets the catalog's size in 2 KB
 * entries (default 3000).
 */
public final class PlantedLeaksProgram {
  static final Map<String, byte[]> CATALOG = new HashMap<>();

  static final Map<String, byte[]> RESPONSE_CACHE = new HashMap<>();
  static final EventBus BUS = new EventBus();
  static final ScheduledExecutorService SCHEDULER = Executors.newScheduledThreadPool(1);
  static final ExecutorService POOL = Executors.newFixedThreadPool(4);
  static final ThreadLocal<List<byte[]>> REQUEST_CONTEXT = ThreadLocal.withInitial(ArrayList::new);
  static final CountDownLatch APPROVAL = new CountDownLatch(1);
  static final List<Object> PLUGINS = new ArrayList<>();

  /** Executors made per job by {@code thread-pools}, one per job. */
  public static final int POOLS_PER_STEP = 20;

  private static int step;

  /** Listeners are called on every event. */
  interface Listener {
    void onEvent(String event);
  }

  static final class EventBus {
    private final List<Listener> listeners = new ArrayList<>();

    void register(Listener listener) {
      listeners.add(listener);
    }
  }

  public static void main(String[] args) throws IOException {
    int catalog = Integer.getInteger("catalog.entries", 3000);
    for (int i = 0; i < catalog; i++) {
      CATALOG.put("product-" + i, new byte[2048]);
    }
    String kind = System.getProperty("leak.kind", "static-cache");
    Runnable grow =
        switch (kind) {
          case "static-cache" -> PlantedLeaksProgram::cacheResponses;
          case "listeners" -> PlantedLeaksProgram::registerListeners;
          case "scheduled" -> PlantedLeaksProgram::scheduleTasks;
          case "thread-local" -> PlantedLeaksProgram::handleRequests;
          case "blocked-threads" -> PlantedLeaksProgram::startWaiters;
          case "sleeping-threads" -> PlantedLeaksProgram::startPollers;
          case "class-loader" -> PlantedLeaksProgram::redeployPlugin;
          case "thread-pools" -> PlantedLeaksProgram::runJobsOnTheirOwnPools;
          case "timers" -> PlantedLeaksProgram::timeJobsOnTheirOwnTimers;
          case "fork-join-pools" -> PlantedLeaksProgram::splitJobsOnTheirOwnForkJoinPools;
          case "tenant-housekeepers" -> PlantedLeaksProgram::openTenantsWithTheirOwnHousekeepers;
          case "buffered-pools" -> PlantedLeaksProgram::runJobsOnTheirOwnBufferedPools;
          case "client-threads" -> clientThreads();
          case "expiring-pools" -> PlantedLeaksProgram::runJobsOnPoolsThatEnd;
          case "hung-calls" -> hungCalls();
          case "virtual-hung-calls" -> virtualHungCalls();
          case "abandoned-timeouts" -> PlantedLeaksProgram::abandonTimeouts;
          case "open-gzip-streams" -> PlantedLeaksProgram::openGzipStreams;
          case "kept-clients" -> keptClients();
          case "ending-timers" -> endingTimers();
          case "locked-calls" -> lockedCalls();
          case "async-calls" -> asyncCalls();
          case "cancelled-timeouts" -> PlantedLeaksProgram::cancelTimeouts;
          case "plugin-threads" -> PlantedLeaksProgram::redeployThreadedPlugin;
          default -> throw new IllegalArgumentException("leak.kind: " + kind);
        };
    CommandLoop.readyThenServe(Map.of("grow", grow));
  }

  private static void cacheResponses() {
    for (int i = 0; i < 400; i++) {
      RESPONSE_CACHE.put("response-" + step + "-" + i, new byte[1024]);
    }
    step++;
  }

  private static void registerListeners() {
    for (int i = 0; i < 400; i++) {
      byte[] state = new byte[1024];
      BUS.register(event -> state[0]++);
    }
  }

  private static void scheduleTasks() {
    for (int i = 0; i < 400; i++) {
      byte[] payload = new byte[1024];
      SCHEDULER.schedule(() -> payload[0]++, 1, TimeUnit.HOURS);
    }
  }

  private static void handleRequests() {
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      done.add(POOL.submit(() -> REQUEST_CONTEXT.get().add(new byte[1024])));
    }
    for (Future<?> f : done) {
      try {
        f.get();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static void runJobsOnTheirOwnPools() {
    for (int i = 0; i < POOLS_PER_STEP; i++) {
      ExecutorService perJob = Executors.newFixedThreadPool(1); // never shut down: the leak
      byte[] input = new byte[512];
      try {
        perJob.submit(() -> input[0]++).get();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    // the workers reach getTask and park there before the next dump
    while (Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().startsWith("pool-") && t.getState() == Thread.State.RUNNABLE)) {
      Thread.onSpinWait();
    }
  }

  /** An executor with a buffer of its own: what a leaked one keeps is its threads' frames'. */
  static final class BufferedPool extends java.util.concurrent.ThreadPoolExecutor {
    final byte[] buffer = new byte[BUFFER_BYTES];

    BufferedPool() {
      super(1, 1, 0, TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>());
    }
  }

  /** The buffer of each {@link BufferedPool}. */
  public static final int BUFFER_BYTES = 50_000;

  /**
   * A {@link BufferedPool} per job, never shut down: each executor is held by its worker and by its
   * thread's frames ({@code getTask}'s {@code this}), so no one object, the thread included,
   * retains it and its buffer.
   */
  private static void runJobsOnTheirOwnBufferedPools() {
    for (int i = 0; i < POOLS_PER_STEP; i++) {
      BufferedPool perJob = new BufferedPool(); // never shut down: the leak
      try {
        perJob.submit(() -> perJob.buffer[0]++).get();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    while (Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().startsWith("pool-") && t.getState() == Thread.State.RUNNABLE)) {
      Thread.onSpinWait();
    }
  }

  /**
   * Healthy, though wasteful: an executor per job whose one thread ends after 3 s idle (no core
   * threads), never shut down, so each pool ends with its thread. Each step first lets the last
   * step's pools end, then runs 20 more jobs than the step before (20, 40, 60): more pools in each
   * dump, none of them left from the dump before.
   */
  private static void runJobsOnPoolsThatEnd() {
    try {
      Thread.sleep(3_500); // the last step's threads time out after 3 s
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    step++;
    for (int i = 0; i < POOLS_PER_STEP * step; i++) {
      ExecutorService perJob =
          new java.util.concurrent.ThreadPoolExecutor(
              0, 1, 3, TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>());
      try {
        perJob.submit(() -> {}).get();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    waitUntilIdle("pool-");
  }

  /** The library's shared pool of {@code client-threads}: 12 idle threads, one pool, healthy. */
  static org.example.telemetry.WorkerPool sharedWorkers;

  /**
   * A library client made per job and never closed, each with an I/O thread of its own ({@code
   * telemetry-sender | client-N}), beside the library's one shared pool of 12 threads whose names
   * hold one number too ({@code telemetry-worker-N}).
   */
  private static Runnable clientThreads() {
    sharedWorkers = new org.example.telemetry.WorkerPool(12);
    return () -> {
      for (int i = 0; i < POOLS_PER_STEP; i++) {
        org.example.telemetry.TelemetryClient perJob = new org.example.telemetry.TelemetryClient();
        perJob.send("job " + step + "-" + i); // never closed: the leak
      }
      step++;
      waitUntilIdle("telemetry-");
    };
  }

  /** Timers of {@code ending-timers} kept, with no task: their threads wait for good. */
  static final List<java.util.Timer> KEPT_TIMERS = new ArrayList<>();

  /** Timers kept per step by {@code ending-timers} (as many as it drops, twice). */
  public static final int KEPT_TIMERS_PER_STEP = 10;

  /**
   * Timers made and dropped with no task: once a timer is collected its cleaner ends its thread.
   * The JDK's common cleaner is blocked first (its thread runs a cleanup that never returns), so
   * the threads outlive their timers in every dump, as they do under ZGC when a dump comes before
   * the cleaner has run. Beside them, timers kept in {@link #KEPT_TIMERS}, whose threads wait for
   * good. Needs {@code --add-exports java.base/jdk.internal.ref=ALL-UNNAMED}.
   */
  private static Runnable endingTimers() {
    java.util.concurrent.CountDownLatch blocked = new java.util.concurrent.CountDownLatch(1);
    try {
      java.lang.ref.Cleaner common =
          (java.lang.ref.Cleaner)
              Class.forName("jdk.internal.ref.CleanerFactory").getMethod("cleaner").invoke(null);
      common.register(
          new Object(),
          () -> {
            blocked.countDown();
            while (true) {
              java.util.concurrent.locks.LockSupport.park();
            }
          });
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
    while (blocked.getCount() > 0) {
      System.gc();
      sleep(20);
    }
    return () -> {
      for (int i = 0; i < POOLS_PER_STEP; i++) {
        new java.util.Timer("session-expiry-" + step + "-" + i, true); // dropped at once
      }
      for (int i = 0; i < KEPT_TIMERS_PER_STEP; i++) {
        KEPT_TIMERS.add(new java.util.Timer("kept-timer-" + step + "-" + i, true));
      }
      step++;
      System.gc();
    };
  }

  /** The clients of {@code kept-clients}, one per tenant, by tenant. */
  static final Map<String, org.example.telemetry.TelemetryClient> TENANT_CLIENTS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** The same clients, one per tenant, kept in a map of the application and never closed. */
  private static Runnable keptClients() {
    sharedWorkers = new org.example.telemetry.WorkerPool(12);
    return () -> {
      for (int i = 0; i < POOLS_PER_STEP; i++) {
        TENANT_CLIENTS
            .computeIfAbsent(
                "tenant-" + step + "-" + i, t -> new org.example.telemetry.TelemetryClient())
            .send("job " + step + "-" + i);
      }
      step++;
      waitUntilIdle("telemetry-");
    };
  }

  /** The timeouts of {@code cancelled-timeouts}, cancelled tasks left in its queue. */
  static final java.util.concurrent.ScheduledThreadPoolExecutor TIMEOUTS =
      new java.util.concurrent.ScheduledThreadPoolExecutor(1);

  /** Cancelled tasks per {@code grow} of {@code cancelled-timeouts}. */
  public static final int TIMEOUTS_PER_STEP = 6_000;

  /**
   * An hour's timeout per request, cancelled at once (the answer came): a cancelled task lets go of
   * its lambda but stays in the executor's queue until its hour has passed.
   */
  private static void cancelTimeouts() {
    for (int i = 0; i < TIMEOUTS_PER_STEP; i++) {
      byte[] request = new byte[64];
      TIMEOUTS.schedule(() -> request[0]++, 1, TimeUnit.HOURS).cancel(false);
    }
  }

  /** The cached pool of {@code hung-calls}: a thread per call in flight. */
  static final ExecutorService CALLS = Executors.newCachedThreadPool();

  /** The calls of {@code hung-calls} that have sent their request and wait for the answer. */
  static final java.util.concurrent.atomic.AtomicInteger WAITING =
      new java.util.concurrent.atomic.AtomicInteger();

  /**
   * Calls to a peer that accepts and never answers, each reading with no timeout on a cached pool:
   * every call keeps a thread, blocked in the socket's read, and its 4 KB buffer.
   */
  private static Runnable hungCalls() {
    int port = silentPeer();
    return () -> {
      for (int i = 0; i < POOLS_PER_STEP; i++) {
        CALLS.submit(() -> callWithoutTimeout(port));
      }
      step++;
      while (WAITING.get() < step * POOLS_PER_STEP) {
        Thread.onSpinWait();
      }
      sleep(300); // from the count to the read
    };
  }

  /**
   * The same calls on virtual threads (JDK 21 and later), a thread per call: each parks under its
   * socket's read, unmounted, and no platform thread waits. Started through reflection, as this
   * code is compiled for JDK 17.
   */
  private static Runnable virtualHungCalls() {
    int port = silentPeer();
    ExecutorService virtual;
    try {
      virtual =
          (ExecutorService)
              Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("virtual threads need JDK 21 or later", e);
    }
    return () -> {
      for (int i = 0; i < POOLS_PER_STEP; i++) {
        virtual.submit(() -> callWithoutTimeout(port));
      }
      step++;
      while (WAITING.get() < step * POOLS_PER_STEP) {
        Thread.onSpinWait();
      }
      sleep(300); // from the count to the read
    };
  }

  /** Streams left open by {@code open-gzip-streams}, per step (as many more are closed). */
  public static final int STREAMS_PER_STEP = 100;

  static final List<java.util.zip.GZIPOutputStream> OPEN_STREAMS = new ArrayList<>();
  static final List<java.util.zip.GZIPOutputStream> CLOSED_STREAMS = new ArrayList<>();

  /**
   * A compressing stream per connection, kept and never closed, each with a 4 KB buffer of its own;
   * as many more closed (their zlib state freed) but kept too, in another list.
   */
  private static void openGzipStreams() {
    for (int i = 0; i < STREAMS_PER_STEP; i++) {
      for (List<java.util.zip.GZIPOutputStream> list : List.of(OPEN_STREAMS, CLOSED_STREAMS)) {
        try {
          var gzip =
              new java.util.zip.GZIPOutputStream(new java.io.ByteArrayOutputStream(), 4096, true);
          gzip.write(("connection " + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
          gzip.flush();
          if (list == CLOSED_STREAMS) {
            gzip.close();
          }
          list.add(gzip);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  /** Futures given up on by {@code abandoned-timeouts}, per step. */
  public static final int ABANDONED_PER_STEP = 1_000;

  /**
   * Replies awaited with {@code orTimeout(30, MINUTES)} that never come, each future dropped by its
   * caller with a stage that captures a 512-byte request: the JDK's scheduler of timeouts keeps
   * every one until its half hour has passed.
   */
  private static void abandonTimeouts() {
    for (int i = 0; i < ABANDONED_PER_STEP; i++) {
      byte[] request = new byte[512];
      new java.util.concurrent.CompletableFuture<byte[]>()
          .orTimeout(30, java.util.concurrent.TimeUnit.MINUTES)
          .thenApply(reply -> reply.length + request.length);
    }
    sleep(200); // the delay scheduler takes new timeouts into its queue
  }

  /**
   * The same calls through one {@code synchronized} method: the first waits in its read for good,
   * holding the lock, and every later one is blocked on the lock, in a thread of its own.
   */
  private static Runnable lockedCalls() {
    int port = silentPeer();
    return () -> {
      for (int i = 0; i < POOLS_PER_STEP; i++) {
        CALLS.submit(() -> lockedCall(port, new byte[256]));
      }
      step++;
      while (((java.util.concurrent.ThreadPoolExecutor) CALLS).getPoolSize()
          < step * POOLS_PER_STEP) {
        Thread.onSpinWait();
      }
      sleep(300); // from the start to the lock
    };
  }

  /**
   * The same calls by {@code CompletableFuture.supplyAsync} with its default executor, each keeping
   * a 2 KB payment: on JDK 17 with the common pool's parallelism at 1, a new thread per task, each
   * blocked in its read; on later JDKs, the common pool, whose one worker blocks while the other
   * tasks wait in its queue.
   */
  private static Runnable asyncCalls() {
    int port = silentPeer();
    return () -> {
      for (int i = 0; i < POOLS_PER_STEP; i++) {
        byte[] payment = new byte[2048];
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                return callWithoutTimeout(port) + payment.length;
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
      }
      step++;
      while (WAITING.get() < 1) {
        Thread.onSpinWait();
      }
      sleep(500); // from the first call to the others' reads, or to the queue
    };
  }

  /** The lock of {@code locked-calls}. */
  private static final Object INVENTORY = new Object();

  static int lockedCall(int port, byte[] reservation) throws IOException {
    synchronized (INVENTORY) {
      return callWithoutTimeout(port) + reservation.length;
    }
  }

  /** A peer on the loopback interface that accepts connections and never answers: its port. */
  private static int silentPeer() {
    java.net.ServerSocket peer;
    try {
      peer = new java.net.ServerSocket(0, 200, java.net.InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<java.net.Socket> accepted = new ArrayList<>();
    Thread acceptor =
        new Thread(
            () -> {
              try {
                while (true) {
                  accepted.add(peer.accept()); // and never answered
                }
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            "peer");
    acceptor.setDaemon(true);
    acceptor.start();
    return peer.getLocalPort();
  }

  /** A call to the peer that waits for its answer with no read timeout: the bug. */
  static int callWithoutTimeout(int port) throws IOException {
    byte[] answer = new byte[4096];
    try (java.net.Socket socket =
        new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
      socket
          .getOutputStream()
          .write("GET /stock\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      WAITING.incrementAndGet();
      return socket.getInputStream().read(answer);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits until no thread whose name starts with {@code prefix} is running. */
  private static void waitUntilIdle(String prefix) {
    while (Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().startsWith(prefix) && t.getState() == Thread.State.RUNNABLE)) {
      Thread.onSpinWait();
    }
  }

  /** Each tenant's open database, by tenant: a registry of a library's, as H2's engine keeps. */
  static final Map<String, TenantDatabase> DATABASES =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** A tenant's database: its pages in memory. */
  record TenantDatabase(String tenant, byte[] pages) {}

  /**
   * A scheduled executor per tenant that runs its database's housekeeping every hour, never shut
   * down, as a connection pool made per tenant job keeps its housekeeper: the database stays in
   * {@link #DATABASES} too, so no one object retains it, and what the leaked pools keep is each its
   * tenant's database.
   */
  private static void openTenantsWithTheirOwnHousekeepers() {
    for (int i = 0; i < POOLS_PER_STEP; i++) {
      String tenant = "tenant-" + step + "-" + i;
      TenantDatabase db = new TenantDatabase(tenant, new byte[20_000]);
      DATABASES.put(tenant, db);
      ScheduledExecutorService housekeeper = Executors.newSingleThreadScheduledExecutor();
      housekeeper.scheduleAtFixedRate(() -> db.pages()[0]++, 1, 1, TimeUnit.HOURS);
    }
    step++;
  }

  /**
   * A {@code ForkJoinPool} per job, never shut down: no {@code ThreadPoolExecutor}, so only the
   * numbers in its threads' names ({@code ForkJoinPool-7-worker-1}) tell its pools apart. One
   * pool's thread is still at work (in the job's code) at every dump.
   */
  private static void splitJobsOnTheirOwnForkJoinPools() {
    for (int i = 0; i < POOLS_PER_STEP; i++) {
      java.util.concurrent.ForkJoinPool perJob =
          new java.util.concurrent.ForkJoinPool(1); // never shut down: the leak
      int[] parts = new int[256];
      perJob.submit(() -> java.util.Arrays.stream(parts).parallel().sum()).join();
      if (!slowTaskStarted) {
        // one pool's thread still at work when dumped (here: asleep in the job's own code)
        slowTaskStarted = true;
        perJob.submit(PlantedLeaksProgram::slowLastTask);
      }
    }
    // the workers park in awaitWork before the next dump
    while (Thread.getAllStackTraces().keySet().stream()
        .anyMatch(
            t ->
                t.getName().startsWith("ForkJoinPool-")
                    && t.getState() != Thread.State.WAITING
                    && t.getState() != Thread.State.TIMED_WAITING)) {
      Thread.onSpinWait();
    }
  }

  private static boolean slowTaskStarted;

  private static void slowLastTask() {
    try {
      Thread.sleep(3_600_000L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void timeJobsOnTheirOwnTimers() {
    for (int i = 0; i < POOLS_PER_STEP; i++) {
      Timer perJob = new Timer("job-timeout-" + step + "-" + i); // never cancelled: the leak
      byte[] job = new byte[512];
      perJob.schedule(
          new TimerTask() {
            @Override
            public void run() {
              job[0]++; // the job's timeout, an hour away
            }
          },
          3_600_000L);
    }
    // the timers' threads reach mainLoop's wait before the next dump
    while (Thread.getAllStackTraces().keySet().stream()
        .anyMatch(
            t ->
                t.getName().startsWith("job-timeout-")
                    && t.getState() != Thread.State.TIMED_WAITING)) {
      Thread.onSpinWait();
    }
  }

  private static void startWaiters() {
    for (int i = 0; i < 2; i++) {
      Thread t =
          new Thread(PlantedLeaksProgram::awaitApproval, "approval-waiter-" + step + "-" + i);
      t.setDaemon(true);
      t.start();
      while (t.getState() != Thread.State.WAITING) {
        Thread.onSpinWait();
      }
    }
    step++;
  }

  private static void startPollers() {
    for (int i = 0; i < 2; i++) {
      Thread t = new Thread(PlantedLeaksProgram::pollLater, "status-poller-" + step + "-" + i);
      t.setDaemon(true);
      t.start();
      while (t.getState() != Thread.State.TIMED_WAITING) {
        Thread.onSpinWait();
      }
    }
    step++;
  }

  /** Sleeps an hour before its first poll, holding its buffer: a thread per job that waits. */
  private static void pollLater() {
    byte[] buffer = new byte[200_000];
    try {
      Thread.sleep(3_600_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    buffer[0]++;
  }

  private static void awaitApproval() {
    byte[] pending = new byte[200_000];
    try {
      APPROVAL.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pending[0]++;
  }

  /** A redeploy whose plugin starts a thread of its own; nothing else keeps the plugin. */
  private static void redeployThreadedPlugin() {
    try {
      new IsolatingLoader(ThreadedPlugin.class)
          .loadClass(ThreadedPlugin.class.getName())
          .getDeclaredConstructor()
          .newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void redeployPlugin() {
    try {
      Class<?> plugin = new IsolatingLoader().loadClass(LeakyPlugin.class.getName());
      PLUGINS.add(plugin.getDeclaredConstructor().newInstance());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Defines its own copy of a plugin class and its nested classes ({@link LeakyPlugin} by default);
   * everything else comes from the parent.
   */
  static final class IsolatingLoader extends ClassLoader {
    private final String plugin;

    IsolatingLoader() {
      this(LeakyPlugin.class);
    }

    IsolatingLoader(Class<?> plugin) {
      super(PlantedLeaksProgram.class.getClassLoader());
      this.plugin = plugin.getName();
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.equals(plugin) && !name.startsWith(plugin + "$")) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded != null) {
          return loaded;
        }
        String resource = name.replace('.', '/') + ".class";
        try (InputStream in = getParent().getResourceAsStream(resource)) {
          byte[] bytes = in.readAllBytes();
          return defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }
}
