package io.leakscope.corpus;

import corpus.app.AlertLog;
import corpus.app.AuditService;
import corpus.app.AuditStream;
import corpus.app.BatchService;
import corpus.app.CatalogService;
import corpus.app.ChatTranscripts;
import corpus.app.CheckoutService;
import corpus.app.CountryService;
import corpus.app.DocumentService;
import corpus.app.ExchangeService;
import corpus.app.ExportFiles;
import corpus.app.ExportService;
import corpus.app.FrameService;
import corpus.app.JmxSessionService;
import corpus.app.JsonPerRequest;
import corpus.app.OrderService;
import corpus.app.PluginHost;
import corpus.app.PluginPollers;
import corpus.app.PricingService;
import corpus.app.QuoteService;
import corpus.app.ReminderService;
import corpus.app.ReportService;
import corpus.app.SessionService;
import corpus.app.StreamingService;
import corpus.app.TagService;
import corpus.app.TenantService;
import corpus.app.ThumbnailService;
import corpus.app.UploadService;
import corpus.app.Watchlist;
import corpus.app.async.CarrierReplies;
import corpus.app.async.FraudScores;
import corpus.app.asyncload.PriceLookups;
import corpus.app.audit.WireCapture;
import corpus.app.beans.ReportViews;
import corpus.app.boot.BootApplication;
import corpus.app.boot.BusyBoot;
import corpus.app.buffers.ThreadBuffers;
import corpus.app.calls.InventoryLock;
import corpus.app.calls.StockChecks;
import corpus.app.carts.CartsApplication;
import corpus.app.chains.StatusPolling;
import corpus.app.chains.StatusPollingLoop;
import corpus.app.dates.InvoiceDates;
import corpus.app.errors.PaymentErrors;
import corpus.app.events.EventsApplication;
import corpus.app.feeds.UserBatches;
import corpus.app.files.OpenUploads;
import corpus.app.fxrates.FxRatesApplication;
import corpus.app.http.AsyncRates;
import corpus.app.http.InventoryCalls;
import corpus.app.http.RatesClient;
import corpus.app.http.RatesPerRequest;
import corpus.app.http.ShippingQuotes;
import corpus.app.http.TenantClients;
import corpus.app.index.OrdersByCustomer;
import corpus.app.inflight.PendingQuotes;
import corpus.app.ingest.ClickIngest;
import corpus.app.jdbc.RegionReports;
import corpus.app.jdbc.RegionTotals;
import corpus.app.jdbc.TenantPools;
import corpus.app.jobs.NightlyJobs;
import corpus.app.jpa.InvoiceQueries;
import corpus.app.jpa.InvoiceReports;
import corpus.app.kafka.AuditExports;
import corpus.app.keys.QuoteBook;
import corpus.app.leases.ClosedResponses;
import corpus.app.leases.UnclosedResponses;
import corpus.app.locks.AccountLocks;
import corpus.app.logs.AnonymousLoggers;
import corpus.app.logs.JobHandlers;
import corpus.app.logs.OrderAudit;
import corpus.app.logs.ShipmentTracker;
import corpus.app.logs.TenantAppenders;
import corpus.app.lru.Renderings;
import corpus.app.metrics.JobRegistries;
import corpus.app.metrics.LoginMetrics;
import corpus.app.metrics.LoginMetricsBounded;
import corpus.app.metrics.QueueGauges;
import corpus.app.monitor.GcAlerts;
import corpus.app.net.IdleTimeouts;
import corpus.app.net.QuoteFeeds;
import corpus.app.notify.NotifyApplication;
import corpus.app.observed.CheckoutApplication;
import corpus.app.observed.TracedCheckout;
import corpus.app.observers.PriceObservers;
import corpus.app.okqueue.QueuedCalls;
import corpus.app.orders.OrdersApplication;
import corpus.app.pipeline.BoundedHandoff;
import corpus.app.prices.PricesApplication;
import corpus.app.race.QuoteRace;
import corpus.app.ratelimit.RecentRequests;
import corpus.app.reactive.PriceHistory;
import corpus.app.reactive.PriceStream;
import corpus.app.reactive.QuoteStream;
import corpus.app.reactive.RenderSchedulers;
import corpus.app.reactive.TickerService;
import corpus.app.resilience.PartnerCalls;
import corpus.app.resilience.PartnerCallsBounded;
import corpus.app.rest.PartnerApi;
import corpus.app.rules.RuleChecks;
import corpus.app.rules.RuleEngine;
import corpus.app.sessions.ExpiringSessions;
import corpus.app.sessions.SweptSessions;
import corpus.app.startup.SearchGateway;
import corpus.app.startup.SearchGatewayReady;
import corpus.app.tasks.ExportTimers;
import corpus.app.tasks.ExportTimersStopped;
import corpus.app.tenants.TenantCaches;
import corpus.app.timeouts.OrderTimeouts;
import corpus.app.timers.Heartbeats;
import corpus.app.timers.ReminderTimer;
import corpus.app.timers.RemindersPurged;
import corpus.app.timers.SessionExpiry;
import corpus.app.ui.PriceBoard;
import corpus.app.vertx.AlertPolling;
import corpus.app.vertx.QuotesVerticle;
import corpus.app.vertx.VertxApplication;
import corpus.app.vertxmaps.LocalMapSessions;
import corpus.app.vertxmaps.LocalMapSessionsEnded;
import corpus.app.visitors.VisitorTracker;
import corpus.app.vthreads.VirtualCallsBusy;
import corpus.app.vthreads.VirtualStockChecks;
import corpus.app.warming.Avatars;
import corpus.app.warming.CustomerProfiles;
import corpus.app.warming.ProductPages;
import corpus.app.warming.ViewHistories;
import corpus.app.weakcache.DocumentMetadata;
import corpus.app.weights.Thumbnails;
import corpus.app.wheel.PendingTimeouts;
import corpus.app.windows.AccessTokens;
import corpus.app.windows.ClickBatches;
import corpus.app.windows.RequestRates;
import corpus.app.windows.RetryQueue;
import corpus.app.windows.TouchedSessions;
import corpus.app.workers.JobProgress;
import corpus.app.zip.CompressedConnections;
import corpus.app.zip.CompressedResponses;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One program of the corpus and what issue 12 accepts of its analysis.
 *
 * @param name short name, used in test names, directories and the accuracy table
 * @param main the class whose {@code main(dumpDirectory)} runs it and takes its three dumps
 * @param leak true for a leak, false for a healthy program
 * @param holder for a leak, the holder suspect 1 must name (null for the thread-pool leak, which no
 *     field holds); where a structure keeps its elements in several fields alike (a meter
 *     registry's maps of its meters), each that holds them all, separated by {@code " or "}
 * @param accumulatedClass for a leak, the class suspect 1 must say accumulates (null for the
 *     thread-pool leak); where the program plants objects of two classes alike (a timer and a
 *     long-task timer per customer), either, separated by {@code " or "}
 * @param poolCount for a thread leak, the number of leaked pools (timers, stuck threads) at the
 *     newest dump, which suspect 1's title or explanation must state; otherwise 0
 * @param plants what the program plants, for the README
 */
record CorpusProgram(
    String name,
    Class<?> main,
    boolean leak,
    @Nullable String holder,
    @Nullable String accumulatedClass,
    int poolCount,
    String plants) {

  static final String APP = "corpus.app.";

  /** Every program of the corpus: the leaks, then the healthy ones. */
  static final List<CorpusProgram> ALL =
      List.of(
          leak(
              "caffeine-sessions",
              SessionService.class,
              APP + "SessionStore.SESSIONS",
              APP + "Session",
              "unbounded Caffeine cache keyed by request id; +4,000 Session per step"),
          leak(
              "guava-segmented-cache",
              QuoteService.class,
              APP + "QuoteCache.QUOTES",
              APP + "Quote",
              "Guava CacheBuilder cache (LocalCache, 8 segments), no bound, keyed by request id;"
                  + " +4,000 Quote per step"),
          leak(
              "micrometer-cardinality",
              CheckoutService.class,
              APP + "CheckoutMetrics.REGISTRY",
              "io.micrometer.prometheusmetrics.PrometheusCounter",
              "Micrometer PrometheusMeterRegistry, a counter tagged with the request id;"
                  + " +1,500 counters per step, scraped before each dump"),
          new CorpusProgram(
              "executor-per-job",
              ReportService.class,
              true,
              null,
              null,
              3 * 40,
              "Executors.newFixedThreadPool(2) per job, never shut down (threads pool-N-thread-M"
                  + " parked in ThreadPoolExecutor.getTask); +40 pools per step, 120 at the end"),
          new CorpusProgram(
              "netty-event-loop-per-feed",
              QuoteFeeds.class,
              true,
              null,
              null,
              3 * 40,
              "Netty 4.2: a MultiThreadIoEventLoopGroup of one thread per quote feed, never shut"
                  + " down (threads multiThreadIoEventLoopGroup-N-1 idle in their selectors); +40"
                  + " groups per step, 120 at the end"),
          new CorpusProgram(
              "netty-timer-per-connection",
              IdleTimeouts.class,
              true,
              null,
              null,
              3 * 40,
              "Netty's HashedWheelTimer made per client connection for its idle timeout, the"
                  + " timeout cancelled and the timer never stopped (threads pool-N-thread-1 asleep"
                  + " between ticks); +40 timers per step, 120 at the end"),
          new CorpusProgram(
              "hikari-pool-per-tenant",
              TenantPools.class,
              true,
              null,
              null,
              3 * 30,
              "HikariCP 7.1 over H2 in memory: a connection pool per tenant's report job, never"
                  + " closed (each keeps its housekeeping executor, thread"
                  + " HikariPool-N:housekeeper, and a connection); +30 pools per step, 90 at the"
                  + " end"),
          new CorpusProgram(
              "kafka-producer-per-export",
              AuditExports.class,
              true,
              null,
              null,
              3 * 40,
              "Kafka's client 4.4: a KafkaProducer per tenant's audit export, not closed on the"
                  + " export's failure path (the broker is down): each keeps its sender thread"
                  + " (kafka-producer-network-thread | producer-N, one number in its name) idle in"
                  + " its selector, its buffers, metadata and metrics; +40 per step, 120 at the"
                  + " end"),
          new CorpusProgram(
              "httpclient5-client-per-quote",
              ShippingQuotes.class,
              true,
              null,
              null,
              3 * 40,
              "Apache HttpClient 5.6: a client built per shipping quote with idle connections"
                  + " evicted after a minute, never closed: its evictor thread"
                  + " (idle-connection-evictor-N, one number in its name), asleep between checks,"
                  + " keeps its connection manager and connection; +40 per step, 120 at the end"),
          leak(
              "spring-async-backlog",
              NotifyApplication.class,
              "org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor.threadPoolExecutor"
                  + " or java.util.concurrent.ThreadPoolExecutor.workQueue",
              APP + "notify.NotifyApplication$Notification or java.util.concurrent.FutureTask",
              "Spring Boot 3.5.7: order notifications sent by an @Async method on Boot's"
                  + " applicationTaskExecutor (8 threads, unbounded queue); the mail gateway"
                  + " hangs, so the 8 threads are stuck and every later call waits in the queue;"
                  + " +2,000 per step"),
          leak(
              "jul-logger-per-order",
              OrderAudit.class,
              "java.util.logging.LogManager.manager",
              "java.lang.String or java.util.logging.LogManager$LogNode"
                  + " or java.util.logging.LogManager$LoggerWeakRef or java.lang.ref.WeakReference",
              "java.util.logging: a logger named after each order (orders.<id>), used once and"
                  + " dropped: the loggers are weakly held and collected, but the log manager"
                  + " keeps a node and the name for every logger name in its tree (and, until it"
                  + " drains them, each collected logger's weak reference, with its parent's);"
                  + " +3,000 per step"),
          leak(
              "resilience4j-breaker-per-url",
              PartnerCalls.class,
              APP + "resilience.PartnerCalls.BREAKERS",
              "io.github.resilience4j.circuitbreaker.internal.CircuitBreakerStateMachine",
              "Resilience4j 2.4: a circuit breaker taken from the registry by name, the name"
                  + " the call's URL with the order id in it; the registry keeps every breaker;"
                  + " +1,500 per step"),
          new CorpusProgram(
              "cached-pool-hung-calls",
              StockChecks.class,
              true,
              null,
              null,
              3 * 40,
              "stock checks on a cached thread pool, each a call over HttpURLConnection with no"
                  + " read timeout to a supplier (a JVM of its own) that has stopped answering:"
                  + " every check waits in a socket read for good and the pool starts a thread"
                  + " for the next; +40 threads per step, 120 at the end"),
          new CorpusProgram(
              "virtual-threads-hung-calls",
              VirtualStockChecks.class,
              true,
              null,
              null,
              3 * 400,
              "JDK 21 or later: stock checks on virtual threads (a thread per task), each a call"
                  + " over HttpURLConnection with no read timeout to a supplier (a JVM of its own)"
                  + " that has stopped answering; no platform thread is stuck, only the JDK's"
                  + " poller remembers the virtual threads; +400 per step, 1,200 at the end"),
          new CorpusProgram(
              "reactor-scheduler-per-report",
              RenderSchedulers.class,
              true,
              null,
              null,
              3 * 40,
              "Reactor 3.8: each report rendered on a Schedulers.newSingle scheduler of its own,"
                  + " never disposed: an executor and its thread per report; +40 per step"),
          new CorpusProgram(
              "threads-behind-a-lock",
              InventoryLock.class,
              true,
              null,
              null,
              3 * 40 - 1,
              "reservations on a cached thread pool through one synchronized method that calls"
                  + " the warehouse (a JVM of its own) with no read timeout; the warehouse has"
                  + " stopped answering: one thread waits in the read holding the lock, every"
                  + " later one blocks on the lock in a thread of its own; +40 threads per step,"
                  + " 119 at the lock at the end"),
          new CorpusProgram(
              "timer-heartbeat-per-connection",
              Heartbeats.class,
              true,
              null,
              null,
              3 * 40,
              "a java.util.Timer per device connection sending a heartbeat every 30 s, never"
                  + " cancelled when the connection closes: the periodic task keeps the timer's"
                  + " thread (heartbeat-device-N) and the connection; +40 per step, 120 at the"
                  + " end"),
          leak(
              "meter-registry-per-job",
              JobRegistries.class,
              "io.micrometer.core.instrument.Metrics.globalRegistry",
              "io.micrometer.core.instrument.simple.SimpleMeterRegistry",
              "Micrometer: each batch job adds a SimpleMeterRegistry of its own to the global"
                  + " composite (Metrics.addRegistry) and never removes it; the composite gives"
                  + " each a copy of every meter; +150 registries per step"),
          leak(
              "logback-appender-per-tenant",
              TenantAppenders.class,
              APP + "logs.TenantAppenders.IMPORTS",
              "ch.qos.logback.core.read.ListAppender",
              "Logback: each tenant's import attaches a ListAppender to the shared logger to"
                  + " capture its lines and never detaches it; every appender keeps receiving"
                  + " every later line; +60 appenders per step"),
          leak(
              "completion-service-results-never-taken",
              QuoteRace.class,
              APP + "race.QuoteRace.RACE",
              "java.util.concurrent.FutureTask or " + APP + "race.QuoteRace$CarrierQuote",
              "one ExecutorCompletionService shared by every request, which asks three carriers"
                  + " and takes the first answer: the two later answers stay in its queue; +2,000"
                  + " per step"),
          leak(
              "spring-singleton-per-report",
              ReportViews.class,
              APP + "beans.ReportViews.CONTEXT",
              APP + "beans.ReportViews$ReportView",
              "Spring: each rendered report registered as a singleton bean of the context"
                  + " (registerSingleton) so later requests can find it by name, never removed;"
                  + " +1,000 per step"),
          leak(
              "capture-stream-never-reset",
              WireCapture.class,
              APP + "audit.WireCapture.CAPTURE",
              "byte[]",
              "a debugging aid left on: every request's body copied into one shared"
                  + " ByteArrayOutputStream, never reset; one array that grows (doubled each time"
                  + " it fills), about 1 MB per step"),
          leak(
              "hash-keys-mutated-in-a-set",
              VisitorTracker.class,
              APP + "visitors.VisitorTracker.ONLINE",
              APP + "visitors.VisitorTracker$Visitor",
              "a HashSet of visitors whose hashCode covers a field changed after they are added:"
                  + " remove() looks in the wrong bucket and removes nothing; +3,000 per step"),
          leak(
              "or-timeout-futures-abandoned",
              CarrierReplies.class,
              "java.util.concurrent.CompletableFuture$Delayer.delayer or"
                  + " java.util.concurrent.ForkJoinPool.common",
              "java.util.concurrent.CompletableFuture",
              "requests that wait for a carrier's reply with orTimeout(30, MINUTES); one in three"
                  + " never gets one and its caller gives up, but the JDK's timeout scheduler keeps"
                  + " the future and its stages until the timeout fires (JDK 17: Delayer.delayer;"
                  + " JDK 25: the common pool's DelayScheduler); +1,000 per step"),
          leak(
              "gzip-stream-per-connection",
              CompressedConnections.class,
              APP + "zip.CompressedConnections.OPEN",
              "java.util.zip.GZIPOutputStream or java.util.zip.Deflater$DeflaterZStreamRef",
              "a GZIPOutputStream per streaming connection kept in a map by connection id, never"
                  + " closed or removed: a few hundred bytes of heap each, and zlib's 115 to 262"
                  + " KB of native memory; +300 per step"),
          leak(
              "jul-handler-per-job",
              JobHandlers.class,
              APP + "logs.JobHandlers.EXPORTS",
              "java.util.logging.StreamHandler",
              "java.util.logging: each export job adds a StreamHandler to the shared logger to"
                  + " collect its own log, never removed; every handler writes every later record;"
                  + " +40 per step"),
          leak(
              "caffeine-cache-per-tenant",
              TenantCaches.class,
              APP + "tenants.TenantCaches.CACHES",
              APP + "tenants.TenantCaches$PriceList",
              "Caffeine: a bounded cache (50 entries) per tenant, in a map of caches by tenant id"
                  + " that nothing bounds, a tenant per trial sign-up; +200 tenants per step"),
          new CorpusProgram(
              "jdk-httpclient-per-tenant-kept",
              TenantClients.class,
              true,
              null,
              null,
              3 * 20,
              "a JDK HttpClient per tenant kept in a map by tenant id, never closed: each keeps"
                  + " its selector thread (HttpClient-N-SelectorManager) and its workers; +20 per"
                  + " step"),
          leak(
              "weak-references-never-purged",
              PriceObservers.class,
              APP + "observers.PriceObservers.OBSERVERS",
              "java.lang.ref.WeakReference",
              "a hand-made observer list of WeakReferences, one per screen opened, never purged"
                  + " of those whose screen is collected; +4,000 per step"),
          leak(
              "timer-tasks-cancelled-never-purged",
              ReminderTimer.class,
              APP + "timers.ReminderTimer.REMINDERS",
              APP + "timers.ReminderTimer$1",
              "one shared java.util.Timer, a reminder an hour ahead per basket, cancelled at"
                  + " checkout: TimerTask.cancel() leaves the task and its basket in the queue"
                  + " (no Timer.purge()); +3,000 per step"),
          leak(
              "reactor-groupby-per-user",
              UserBatches.class,
              APP + "feeds.UserBatches.CLICKS",
              "reactor.core.publisher.FluxBuffer$BufferExactSubscriber or"
                  + " reactor.core.publisher.FluxGroupBy$UnicastGroupedFlux",
              "Reactor: clicks grouped by user (groupBy) and batched by 50 (buffer(50)); a group"
                  + " never completes, so each user's group and partial batch stay; +2,000 users"
                  + " per step"),
          leak(
              "gauge-per-upload-strong-reference",
              QueueGauges.class,
              APP + "metrics.QueueGauges.REGISTRY",
              "io.micrometer.core.instrument.internal.DefaultGauge or "
                  + APP
                  + "metrics.QueueGauges$UploadQueue",
              "Micrometer: a gauge of each upload's queue, tagged with the upload's id and"
                  + " registered with strongReference(true), never removed: each keeps its queue"
                  + " and the chunks left in it; +1,000 per step"),
          leak(
              "cancelled-timeouts-kept",
              OrderTimeouts.class,
              APP + "timeouts.OrderTimeouts.TIMEOUTS",
              "java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask",
              "a 15-minute timeout per order on a ScheduledThreadPoolExecutor, cancelled when"
                  + " the warehouse confirms: the executor keeps cancelled tasks in its queue"
                  + " until their delay has passed (no setRemoveOnCancelPolicy(true)); the"
                  + " tasks let go of the order, so what grows is the tasks themselves; +3,000"
                  + " per step"),
          leak(
              "lock-per-account",
              AccountLocks.class,
              APP + "locks.AccountLocks.LOCKS",
              "java.util.concurrent.locks.ReentrantLock or java.lang.String",
              "a ConcurrentHashMap of a ReentrantLock per account id (computeIfAbsent), to"
                  + " serialize transfers, never removed: most accounts are paid once; +3,000"
                  + " per step (the map's keys and values grow alike: either class)"),
          leak(
              "supply-async-hung-calls",
              FraudScores.class,
              "java.util.concurrent.ForkJoinPool.common"
                  + " or threads waiting in "
                  + APP
                  + "async.FraudScores.score(FraudScores.java:31)",
              APP + "async.FraudScores$$Lambda or " + APP + "async.FraudScores$Payment",
              "CompletableFuture.supplyAsync with the default executor, each payment's fraud"
                  + " score a call with no read timeout to a service that has stopped answering:"
                  + " on JDK 25 the common pool's worker hangs and the tasks wait in its queue;"
                  + " on JDK 17 with one or two processors, a new thread per task, each blocked in"
                  + " its read; +150 per step, each keeping its payment"),
          leak(
              "httpclient-send-async-no-timeout",
              AsyncRates.class,
              APP + "http.AsyncRates.CLIENT",
              APP + "http.AsyncRates$$Lambda or jdk.internal.net.http.common.MinimalFuture",
              "one shared JDK HttpClient, each rate request sent with sendAsync and no timeout"
                  + " to a service that has stopped answering: the client keeps each exchange,"
                  + " its connection and the callback with its 4 KB buffer (on JDK 25 in two"
                  + " structures, its pending requests and its selector, which no one object"
                  + " retains); +150 per step"),
          leak(
              "reactor-replay-all-sink",
              PriceHistory.class,
              APP + "reactive.PriceHistory.TICKS",
              APP + "reactive.PriceHistory$Tick",
              "Reactor 3.8: the price feed a Sinks.many().replay().all(), so that a late"
                  + " dashboard sees the day's prices: the sink keeps every tick ever emitted;"
                  + " +3,000 per step"),
          leak(
              "vertx-periodic-never-cancelled",
              AlertPolling.class,
              APP + "vertx.AlertPolling.VERTX",
              "io.vertx.core.impl.VertxImpl$InternalTimerHandler or "
                  + APP
                  + "vertx.AlertPolling$AlertSubscription",
              "Vert.x 5.0.7: a periodic timer (setPeriodic, every minute) per alert"
                  + " subscription, its id dropped instead of cancelled: Vert.x keeps every"
                  + " timer and its handler's subscription; +1,500 per step"),
          leak(
              "exceptions-kept-for-an-admin-page",
              PaymentErrors.class,
              APP + "errors.PaymentErrors.RECENT",
              "java.util.concurrent.TimeoutException",
              "every failed payment call's TimeoutException kept in a list of recent errors"
                  + " that nothing trims, each with its backtrace (and, for one in ten, logged,"
                  + " its stack trace elements); +1,500 per step"),
          leak(
              "resttemplate-interceptor-per-request",
              PartnerApi.class,
              APP
                  + "rest.PartnerApi.REST or"
                  + " org.springframework.http.client.support.InterceptingHttpAccessor.interceptors",
              APP + "rest.PartnerApi$$Lambda",
              "Spring's RestTemplate, one shared by the service: each request adds an"
                  + " interceptor (a lambda capturing the caller's token) meant for that request"
                  + " only; the template keeps them all; +1,500 per step"),
          leak(
              "unbounded-handoff-queue",
              ClickIngest.class,
              APP + "ingest.ClickIngest.PENDING",
              APP + "ingest.ClickIngest$ClickEvent",
              "click events handed to one writer thread through an unbounded"
                  + " LinkedBlockingQueue; the writer (2 ms per write) is slower than the clicks"
                  + " and nothing pushes back; about +3,000 per step"),
          leak(
              "scheduled-never-cancelled",
              ReminderService.class,
              APP + "Reminders.SCHEDULER",
              APP + "Reminder",
              "ScheduledExecutorService.scheduleAtFixedRate per request, future dropped;"
                  + " +3,000 Reminder per step"),
          leak(
              "logback-mdc",
              AuditService.class,
              "ch.qos.logback.classic.util.LogbackMDCAdapter.readWriteThreadLocalMap",
              "java.lang.String",
              "SLF4J MDC (Logback) key per order, never removed, on 4 pooled workers; +2,000"
                  + " entries per step (no application field on the path: the framework's"
                  + " ThreadLocal field is expected)"),
          leak(
              "thread-local-context",
              TenantService.class,
              APP + "TenantContext.CURRENT",
              APP + "AuditEntry",
              "ThreadLocal<TenantContext> on 3 pooled workers (Guava ThreadFactoryBuilder), never"
                  + " removed, its audit list grows; +3,000 AuditEntry per step"),
          leak(
              "guava-eventbus-listeners",
              OrderService.class,
              APP + "OrderEvents.BUS",
              APP + "OrderListener",
              "Guava EventBus, a listener registered per request, never unregistered;"
                  + " +2,000 OrderListener per step"),
          leak(
              "jackson-module-per-request",
              PricingService.class,
              APP + "JsonSupport.MAPPER",
              APP + "MoneySerializer",
              "shared Jackson ObjectMapper, a SimpleModule named after the request registered"
                  + " per request; +1,000 modules (MoneySerializer) per step"),
          leak(
              "spring-bean-field",
              OrdersApplication.class,
              APP + "orders.OrderHistory.byCustomer",
              APP + "orders.Order",
              "Spring Boot 3.5 web app: a @Service singleton keeps every order in a map field,"
                  + " beside a catalog bean of 3,000 products; +2,500 Order per step (40 over"
                  + " HTTP)"),
          leak(
              "http-sessions",
              CartsApplication.class,
              "org.apache.catalina.session.ManagerBase.sessions",
              APP + "carts.Cart",
              "Spring Boot 3.5 web app: a cart in the HTTP session, clients that never send the"
                  + " cookie back, Tomcat's 30-minute timeout; +1,000 sessions per step (the"
                  + " framework's field is expected: no application field is on the path)"),
          leak(
              "executor-backlog",
              ExportService.class,
              APP + "ExportService.EXPORTS",
              APP + "ExportService$ExportTask",
              "single-thread executor whose worker is stuck on a downstream call, its unbounded"
                  + " queue growing; +3,000 ExportTask per step"),
          leak(
              "weak-map-values-hold-keys",
              DocumentService.class,
              APP + "DocumentCache.RENDERINGS",
              APP + "DocumentCache$Rendering",
              "WeakHashMap from each document to its rendering, which refers to the document, so"
                  + " no entry is ever cleared; +3,000 per step"),
          leak(
              "lambda-listeners",
              Watchlist.class,
              APP + "PriceFeed.SUBSCRIBERS",
              APP + "Watchlist$$Lambda",
              "CopyOnWriteArrayList of LongConsumer lambdas, each capturing a per-request"
                  + " Watchlist, never removed; +1,000 per step (the lambda's class is named"
                  + " without the address the JVM gives it)"),
          leak(
              "spring-cacheable",
              PricesApplication.class,
              "org.springframework.cache.concurrent.ConcurrentMapCache.store",
              APP + "prices.Price",
              "Spring Boot 3.5 web app with @EnableCaching and no cache library, so the default"
                  + " unbounded ConcurrentMapCache; a @Cacheable key that includes the request's"
                  + " id; +2,000 Price per step (40 over HTTP; the framework's field is expected)"),
          leak(
              "plugin-redeploy",
              PluginHost.class,
              APP + "PluginHost.LISTENERS",
              APP + "PluginHost$PluginLoader",
              "a plugin redeployed in a new child-first class loader each time, subscribed to the"
                  + " host's listeners and never unsubscribed: each old loader, its class and its"
                  + " 24 KB of static data stay; +25 deployments per step"),
          leak(
              "plugin-thread-per-deploy",
              PluginPollers.class,
              "thread feed-poller local",
              APP + "PluginHost$PluginLoader",
              "the same host, its plugin starting a poller thread of its own (feed-poller) that"
                  + " undeploying never stops: nothing of the host refers to an old deployment,"
                  + " its thread does; +25 deployments per step"),
          leak(
              "dead-threads-in-a-registry",
              JobProgress.class,
              APP + "workers.JobProgress.PROGRESS",
              APP + "workers.JobProgress$Progress",
              "a map of each import job's progress keyed by its worker thread, a thread per job:"
                  + " the jobs and their threads end, the entries stay, each with its finished"
                  + " thread object; +500 per step"),
          leak(
              "gc-notification-listener-per-session",
              GcAlerts.class,
              "sun.management.MemoryImpl.mgrs",
              APP + "monitor.GcAlerts$$Lambda",
              "a listener for garbage collections added to the JVM's collector MXBeans per"
                  + " monitoring session (NotificationEmitter.addNotificationListener), never"
                  + " removed: the MXBeans keep every listener and its session's chart; +500 per"
                  + " step (each listener on two MXBeans, so no one object retains them)"),
          leak(
              "shutdown-hooks",
              UploadService.class,
              "java.lang.ApplicationShutdownHooks.hooks",
              "java.lang.Thread",
              "a JVM shutdown hook (an unstarted Thread) registered per upload, never removed;"
                  + " +2,000 per step (the JDK's field is expected)"),
          leak(
              "direct-buffers",
              StreamingService.class,
              APP + "StreamingService.BUFFERS",
              "java.nio.DirectByteBuffer",
              "a 16 KB direct ByteBuffer per connection kept in a map after the connection"
                  + " closes; +500 per step, 8 MB of native memory and little heap"),
          leak(
              "netty-unreleased-buffers",
              FrameService.class,
              "io.netty.buffer.PooledByteBufAllocator.DEFAULT",
              "io.netty.buffer.PoolChunk",
              "16 KB direct ByteBufs from Netty's PooledByteBufAllocator (Netty 4.1's default)"
                  + " on 4 worker threads, never released: the pool's chunks in 4 arenas keep the"
                  + " memory; +1,200 per step (the library's field is expected: nothing of the"
                  + " application holds the buffers)"),
          leak(
              "jmx-mbeans-never-unregistered",
              JmxSessionService.class,
              "java.lang.management.ManagementFactory.platformMBeanServer",
              APP + "TenantSessionStats",
              "a standard MBean registered on the platform MBean server per tenant session, never"
                  + " unregistered; +1,500 per step (the JDK's field is expected; the"
                  + " application's MBean, not JMX's NamedObject around it)"),
          leak(
              "spring-event-listeners",
              EventsApplication.class,
              "org.springframework.context.support.AbstractApplicationContext.applicationListeners",
              APP + "events.EventsApplication$PriceWatch",
              "Spring Boot 3.5 app: an ApplicationListener added to the context per request"
                  + " (addApplicationListener), never removed; +1,500 per step (Spring's field is"
                  + " expected: the context holds them in two places, its field names them)"),
          leak(
              "serialization-stream-never-reset",
              AuditStream.class,
              APP + "AuditStream.OUT",
              APP + "AuditStream$AuditEvent",
              "audit events written to one long-lived ObjectOutputStream that is never reset(),"
                  + " whose handle table keeps every object written; +3,000 per step"),
          leak(
              "vertx-eventbus-consumers",
              QuotesVerticle.class,
              "io.vertx.core.eventbus.impl.EventBusImpl.handlerMap",
              APP + "vertx.QuotesVerticle$QuoteWatcher",
              "Vert.x 5 web app: an event-bus consumer registered per request, never"
                  + " unregistered; +1,500 per step (40 over HTTP; the framework's field is"
                  + " expected)"),
          leak(
              "reactor-sink-subscribers",
              PriceStream.class,
              APP + "reactive.PriceStream.PRICES",
              APP + "reactive.PriceStream$PriceWatcher",
              "Reactor 3.8: a multicast Sinks.Many of prices, subscribed to per request with a"
                  + " filter and a callback, the Disposable dropped; +1,500 watchers per step"),
          leak(
              "reactor-interval-never-disposed",
              TickerService.class,
              "reactor.core.scheduler.Schedulers.CACHED_PARALLEL",
              APP + "reactive.TickerService$$Lambda",
              "Reactor 3.8: Flux.interval(1 min).subscribe(...) per dashboard request, the"
                  + " Disposable dropped, so the parallel scheduler's executors keep every periodic"
                  + " task; +1,000 per step (no application field on the path: the scheduler's"
                  + " static field is expected)"),
          leak(
              "hibernate-session-never-cleared",
              InvoiceReports.class,
              APP + "jpa.InvoiceReports.session",
              APP + "jpa.Invoice",
              "Hibernate 7.4 over H2 in memory: one long-lived Session reads invoices for each"
                  + " request and is never cleared, so its persistence context keeps each one;"
                  + " +3,000 per step, the database unchanged"),
          leak(
              "jdbc-statements-never-closed",
              RegionReports.class,
              APP + "jdbc.RegionReports.connection",
              "org.h2.jdbc.JdbcPreparedStatement",
              "a connection borrowed from HikariCP 7.1 (H2 in memory) and kept; each request"
                  + " prepares and runs a statement on it and closes neither the statement nor"
                  + " its result set; +2,000 per step (the driver's statement is expected)"),
          leak(
              "groovy-script-per-rule",
              RuleEngine.class,
              APP + "rules.RuleEngine.SHELL",
              "java.lang.Class",
              "Groovy 5: one shared GroovyShell parses each customer's rule text, so each rule is"
                  + " a new script class in a loader of its own, which the shell's class cache"
                  + " keeps; +400 classes per step (the classes are expected)"),
          leak(
              "okhttp-client-per-request",
              RatesClient.class,
              "okhttp3.internal.concurrent.TaskRunner.INSTANCE",
              "okhttp3.internal.concurrent.TaskQueue",
              "OkHttp 5.5: a new OkHttpClient per request to a rates service (in a JVM of its"
                  + " own), never shared, so each client's connection pool keeps its idle"
                  + " connection for 5 minutes, and OkHttp's task runner each pool's cleanup queue;"
                  + " +600 per step (the library's static field and its queues are expected)"),
          leak(
              "logger-per-shipment",
              ShipmentTracker.class,
              "ch.qos.logback.classic.LoggerContext.loggerCache",
              "ch.qos.logback.classic.Logger",
              "Logback 1.5 through SLF4J: a logger named after each shipment"
                  + " (shipments.<carrier>.<id>), which Logback keeps by name for good; +1,500"
                  + " loggers per step (the library's field and its loggers are expected)"),
          leak(
              "future-never-completed",
              SearchGateway.class,
              APP + "startup.SearchGateway.INDEX_READY",
              APP + "startup.SearchGateway$$Lambda",
              "each query is deferred with thenRun on a CompletableFuture that a failed warm-up"
                  + " never completes, so every stage and the query it captures wait on it;"
                  + " +2,000 per step"),
          leak(
              "prometheus-label-per-user",
              LoginMetrics.class,
              APP + "metrics.LoginMetrics.LOGINS",
              "io.prometheus.metrics.core.metrics.Counter$DataPoint",
              "the Prometheus Java client 1.7 without Micrometer: a login counter labelled with"
                  + " the user's name, one series per user kept by the counter; +1,500 per step,"
                  + " scraped before each dump"),
          leak(
              "guava-strong-interner",
              TagService.class,
              APP + "TagService.TAGS",
              "java.lang.String",
              "Guava's Interners.newStrongInterner() over the tags users type: a strong interner"
                  + " keeps every string it has seen; +3,000 per step"),
          leak(
              "delete-on-exit",
              ExportFiles.class,
              "java.io.DeleteOnExitHook.files",
              "java.lang.String",
              "each export's temporary file marked deleteOnExit() and deleted after it is sent:"
                  + " the JDK keeps each path until the JVM exits; +2,000 per step (the JDK's"
                  + " field and its paths are expected)"),
          leak(
              "spring-context-per-job",
              NightlyJobs.class,
              "java.lang.ApplicationShutdownHooks.hooks",
              APP + "jobs.NightlyJobs$RowBuffer",
              "Spring 6.2: each batch job starts an AnnotationConfigApplicationContext with a"
                  + " shutdown hook and never closes it; the JVM's shutdown hooks keep each"
                  + " context and its beans; +40 per step (the JDK's field is expected)"),
          leak(
              "transcript-never-trimmed",
              ChatTranscripts.class,
              APP + "ChatTranscripts.TRANSCRIPT",
              "byte[]",
              "every chat message appended to one StringBuilder that nothing trims: one array"
                  + " that grows, not a collection; +2,000 lines per step"),
          leak(
              "jul-handler-keeps-records",
              AlertLog.class,
              APP + "AlertLog$RecentAlerts.records",
              "java.util.logging.LogRecord",
              "a java.util.logging Handler on the application's logger that keeps every record"
                  + " it publishes, for an admin page, never trimmed; +1,500 per step"),
          leak(
              "pending-calls-never-removed",
              InventoryCalls.class,
              APP + "http.InventoryCalls.PENDING",
              "java.util.concurrent.CompletableFuture",
              "a hand-written RPC client's map of pending calls (call id to CompletableFuture):"
                  + " calls that time out are completed with a timeout and never removed; +1,500"
                  + " per step"),
          leak(
              "observation-customer-tag",
              CheckoutApplication.class,
              // the registry keeps every meter in three maps: by id, by the id before its filters,
              // and from the meter to that id; each holds them all
              "io.micrometer.core.instrument.MeterRegistry.meterMap"
                  + " or io.micrometer.core.instrument.MeterRegistry.preFilterIdToMeterMap"
                  + " or io.micrometer.core.instrument.MeterRegistry.meterToPreFilterIdMap",
              // the observation makes both per customer: a timer and a long-task timer
              "io.micrometer.prometheusmetrics.PrometheusTimer"
                  + " or io.micrometer.core.instrument.internal.DefaultLongTaskTimer",
              "Spring Boot 3.5 web app with Actuator's Prometheus endpoint: each checkout"
                  + " observed (Micrometer Observation API) with the customer as a low-cardinality"
                  + " key value, so a timer per customer in the registry Boot made; +1,000 per"
                  + " step (40 over HTTP), a scrape over HTTP before each dump (Micrometer's field"
                  + " is expected: nothing of the application holds the registry)"),
          leak(
              "vertx-local-map-sessions",
              LocalMapSessions.class,
              APP + "vertxmaps.LocalMapSessions.VERTX",
              "io.vertx.core.json.JsonObject",
              "Vert.x shared data: a session per login in the local map \"sessions\", never"
                  + " removed at logout; +3,000 per step"),
          leak(
              "compose-recursion-polling",
              StatusPolling.class,
              APP + "chains.StatusPolling.IN_FLIGHT",
              "java.util.concurrent.CompletableFuture",
              "polling an export's status by recursion through thenCompose, the export never"
                  + " done: a chain of futures, each completed by the next; +6,000 per step"),
          leak(
              "property-change-listeners-per-board",
              PriceBoard.class,
              APP + "ui.PriceBoard$PriceModel.changes or " + APP + "ui.PriceBoard.MODEL",
              APP + "ui.PriceBoard$Board",
              "java.beans.PropertyChangeSupport on a shared model: a listener per client board"
                  + " (per property, 200 of them), never removed; +3,000 per step"),
          leak(
              "rate-limit-log-never-trimmed",
              RecentRequests.class,
              APP + "ratelimit.RecentRequests.RECENT",
              APP + "ratelimit.RecentRequests$RequestRecord",
              "a ConcurrentSkipListMap of requests keyed by System.nanoTime(), trimmed with a"
                  + " window in milliseconds, so never; +4,000 per step"),
          leak(
              "caffeine-weak-keys-value-holds-key",
              DocumentMetadata.class,
              APP + "weakcache.DocumentMetadata.META",
              APP
                  + "weakcache.DocumentMetadata$Metadata or "
                  + APP
                  + "weakcache.DocumentMetadata$Document",
              "Caffeine with weakKeys(): each value refers to its key, so no key is ever"
                  + " collected; +3,000 per step"),
          leak(
              "guava-multimap-index",
              OrdersByCustomer.class,
              APP + "index.OrdersByCustomer.BY_CUSTOMER",
              APP + "index.OrdersByCustomer$OrderRef",
              "a Guava ArrayListMultimap (synchronized) of orders by customer, never pruned;"
                  + " +3,000 per step"),
          leak(
              "okhttp-async-calls-queued",
              QueuedCalls.class,
              APP + "okqueue.QueuedCalls.CLIENT",
              APP
                  + "okqueue.QueuedCalls$OrderCallback or"
                  + " okhttp3.internal.connection.RealCall$AsyncCall",
              "OkHttp enqueue() to a partner that stopped answering, no read timeout: 5 calls"
                  + " run per host, the rest wait in the dispatcher's queue; +1,000 per step"),
          leak(
              "long-task-timer-never-stopped",
              ExportTimers.class,
              APP + "tasks.ExportTimers.ACTIVE or " + APP + "tasks.ExportTimers.REGISTRY",
              "io.micrometer.core.instrument.internal.DefaultLongTaskTimer$SampleImpl",
              "a Micrometer LongTaskTimer sample per export, never stopped on the failure path;"
                  + " +2,000 per step"),
          leak(
              "caffeine-async-loads-hung",
              PriceLookups.class,
              APP + "asyncload.PriceLookups.PRICES",
              "java.util.concurrent.CompletableFuture or "
                  + APP
                  + "asyncload.PriceLookups$QuoteRequest",
              "Caffeine AsyncLoadingCache, maximumSize(1,000), whose loader's futures never"
                  + " complete: loads in flight are not evicted; +3,000 per step"),
          leak(
              "caffeine-weigher-zero-until-rendered",
              Thumbnails.class,
              APP + "weights.Thumbnails.THUMBNAILS",
              APP + "weights.Thumbnails$Thumbnail",
              "Caffeine cache bounded by maximumWeight, each thumbnail weighed before its image"
                  + " is rendered in place (weight 0: never evicted); +3,000 per step"),
          leak(
              "memo-key-without-equals",
              QuoteBook.class,
              APP + "keys.QuoteBook.QUOTES",
              APP + "keys.QuoteBook$Quote",
              "quotes memoized in a ConcurrentHashMap by a key class without equals and hashCode:"
                  + " 300 symbol and currency pairs, a new entry per lookup; +4,000 per step"),
          leak(
              "lru-map-bound-never-set",
              Renderings.class,
              APP + "lru.Renderings.PAGES",
              APP + "lru.Renderings$Rendering",
              "a LinkedHashMap LRU whose bound is read from a misspelled system property"
                  + " (default: no bound); +3,000 pages per step"),
          leak(
              "sessions-touched-never-expired",
              TouchedSessions.class,
              APP + "windows.TouchedSessions.SESSIONS",
              APP + "windows.TouchedSessions$Session",
              "sessions in a plain map that nothing removes, the old ones touched all the time"
                  + " (last access and hits updated in place); 6,500 then +500 per step (+8%)"),
          leak(
              "cache-values-grow",
              ViewHistories.class,
              APP + "warming.ViewHistories.HISTORIES",
              APP + "warming.ViewHistories$History or " + APP + "warming.ViewHistories$View",
              "each customer's recently viewed products in a Caffeine cache of at most 500"
                  + " customers, full from the start, each value a list that every view appends to"
                  + " and nothing trims; +6,000 views per step"),
          leak(
              "inflight-failures-never-removed",
              PendingQuotes.class,
              APP + "inflight.PendingQuotes.IN_FLIGHT",
              APP + "inflight.PendingQuotes$Pending",
              "quote requests in flight kept in a map that an answer empties and a failure does"
                  + " not: about 900 in flight, each answered 300 ms later, and one in 40 fails"
                  + " and stays; each dump mostly new, +110 failed per step"),
          new CorpusProgram(
              "httpclient5-responses-never-closed",
              UnclosedResponses.class,
              true,
              null,
              null,
              3 * 40 - 5,
              "one shared Apache HttpClient 5 (5 connections per route), responses opened and never"
                  + " closed: 5 requests keep the connections, every later one waits in the pool's"
                  + " lease on a cached pool's thread; +40 per step, 115 waiting at the end"),
          leak(
              "open-files-kept",
              OpenUploads.class,
              APP + "files.OpenUploads.OPEN",
              "java.io.FileInputStream",
              "a FileInputStream per upload kept in a map, never closed: a file descriptor each;"
                  + " +200 per step"),
          leak(
              "netty-wheel-timeouts-never-cancelled",
              PendingTimeouts.class,
              APP + "wheel.PendingTimeouts.TIMER",
              APP
                  + "wheel.PendingTimeouts$$Lambda or"
                  + " io.netty.util.HashedWheelTimer$HashedWheelTimeout",
              "one Netty HashedWheelTimer, an hour's idle timeout per request, never cancelled;"
                  + " +3,000 per step"),
          healthy(
              "bounded-cache-churn",
              CatalogService.class,
              "Caffeine cache at its maximumSize 3,000 at every dump, 5,000 puts and evictions"
                  + " per step"),
          healthy(
              "cache-warms-then-stops",
              CountryService.class,
              "Caffeine LoadingCache over 250 countries: 150 loaded at dump 1, 250 at dumps 2"
                  + " and 3 (hits only after that)"),
          healthy(
              "pool-grows-to-size",
              ThumbnailService.class,
              "ThreadPoolExecutor of 8 core threads: 4 started at dump 1, 8 at dumps 2 and 3"),
          healthy(
              "sawtooth",
              BatchService.class,
              "buffer flushed at 20,000 events, caught 30 %, 90 %, 50 % full (flushes between)"),
          healthy(
              "traffic-falls-rates-stay",
              ExchangeService.class,
              "Caffeine sessions expiring 30 min after login: about 50,000 at dumps 1 and 2, 15,000"
                  + " at dump 3; fixed exchange rates (0.3 MB) cross 1% of the heap at dump 3"),
          healthy(
              "spring-boot-at-rest",
              BootApplication.class,
              "Spring Boot 3.5 web app (Tomcat, MVC, Jackson): 40 requests, then dumps 2 s apart"
                  + " with 3 health checks between"),
          healthy(
              "spring-boot-busy",
              BusyBoot.class,
              "the same Spring Boot web app serving 1,500 requests before each dump, the same"
                  + " traffic each time"),
          healthy(
              "vertx-at-rest",
              VertxApplication.class,
              "Vert.x 5 web app (vertx-web on Netty): 40 requests, then dumps 2 s apart with 3"
                  + " health checks between"),
          healthy(
              "hibernate-busy",
              InvoiceQueries.class,
              "Hibernate 7.4 over H2 in memory: a session per request (a query by customer and a"
                  + " read by id, then closed), 1,500 requests before each dump after a warm-up of"
                  + " the same"),
          healthy(
              "groovy-shell-per-rule",
              RuleChecks.class,
              "Groovy 5: each rule evaluated by a GroovyShell of its own, dropped after, so its"
                  + " script classes and loaders are unloaded; the same 300 rules before each"
                  + " dump"),
          healthy(
              "reactor-busy",
              QuoteStream.class,
              "Reactor 3.8: a hot-stream subscription and a Flux.interval refresh per request,"
                  + " both disposed when the request's session ends, 200 sessions open at each"
                  + " dump; the same 1,500 requests before each dump"),
          healthy(
              "future-completed",
              SearchGatewayReady.class,
              "the same gateway whose warm-up completes its future: 2,000 queries per step, each"
                  + " a stage that runs and is done before the dump"),
          healthy(
              "observation-customer-traced",
              TracedCheckout.class,
              "the same Spring Boot 3.5 service with Actuator's Prometheus endpoint, the"
                  + " customer a high-cardinality key value (traces only, no meter tag): one timer"
                  + " in all; the same 1,000 checkouts per step and a scrape before each dump"),
          healthy(
              "prometheus-bounded-labels",
              LoginMetricsBounded.class,
              "the Prometheus Java client 1.7: a login counter labelled by method and outcome"
                  + " and a latency histogram by method (a fixed set of series), the same 1,500"
                  + " logins per step and a scrape before each dump"),
          healthy(
              "resilience4j-breaker-per-partner",
              PartnerCallsBounded.class,
              "Resilience4j 2.4: one circuit breaker per partner (12), every call's outcome"
                  + " recorded in its sliding window of 100 (one in ten fails); the same 1,500"
                  + " calls before each dump"),
          healthy(
              "jdk-httpclient-per-request",
              RatesPerRequest.class,
              "a new JDK HttpClient per request to a rates service (in a JVM of its own), dropped"
                  + " and never closed: each client's selector thread"
                  + " (HttpClient-N-SelectorManager) and workers end by themselves once it is"
                  + " collected, so each dump holds the last seconds' clients, a different number"
                  + " each time; the same 200 requests before each dump"),
          healthy(
              "thread-locals-on-expiring-threads",
              InvoiceDates.class,
              "a ThreadLocal<SimpleDateFormat> (and a buffer of recent lines), never removed,"
                  + " on a pool whose idle threads end after 300 ms: bursts of 12, 30 and 20"
                  + " invoices in parallel before the dumps, a pause between, so each dump holds"
                  + " its own burst's threads and values, none from the dump before"),
          healthy(
              "object-mapper-per-request",
              JsonPerRequest.class,
              "a new Jackson ObjectMapper per request, used once and dropped: costly, and"
                  + " garbage after the request; the same 2,000 requests before each dump"),
          healthy(
              "anonymous-logger-per-report",
              AnonymousLoggers.class,
              "a java.util.logging anonymous logger per report (Logger.getAnonymousLogger()),"
                  + " used and dropped: the root logger refers to each weakly; the same 2,000"
                  + " reports before each dump"),
          healthy(
              "timer-per-session-cancelled",
              SessionExpiry.class,
              "a java.util.Timer per login session whose expiry task is cancelled at logout,"
                  + " the timer itself never: once the timer is collected its thread ends (the"
                  + " JDK's timers let their thread go when no task is left), so each dump holds"
                  + " the last step's 40 timers; +40 sessions per step"),
          healthy(
              "virtual-threads-busy",
              VirtualCallsBusy.class,
              "JDK 21 or later: the same stock checks on virtual threads against a supplier that"
                  + " answers, in waves of 100; each thread ends with its answer; the same 1,000"
                  + " checks before each dump"),
          healthy(
              "gzip-stream-per-response-closed",
              CompressedResponses.class,
              "a GZIPOutputStream per response, closed when the response is done (its zlib"
                  + " memory freed); the same 2,000 responses before each dump"),
          healthy(
              "timer-tasks-cancelled-and-purged",
              RemindersPurged.class,
              "the same shared Timer and cancelled reminders, purged every 500 checkouts"
                  + " (Timer.purge()); +3,000 checkouts per step"),
          healthy(
              "caffeine-expire-after-write",
              ExpiringSessions.class,
              "Caffeine: sessions with expireAfterWrite(500 ms) and no size bound, about 2,000"
                  + " logins a second: the cache holds about half a second's sessions"),
          healthy(
              "sessions-swept-on-a-schedule",
              SweptSessions.class,
              "sessions in a plain map, a scheduled sweeper removing those idle for 400 ms every"
                  + " 100 ms; about 2,000 new sessions a second"),
          healthy(
              "bounded-handoff-at-capacity",
              BoundedHandoff.class,
              "events handed to a slow writer through an ArrayBlockingQueue of 5,000: producers"
                  + " wait when it is full, so it is full at every dump"),
          healthy(
              "jdbc-pool-busy",
              RegionTotals.class,
              "HikariCP 7.1 over H2 in memory: each request borrows a connection and closes its"
                  + " result set, statement and connection; the same 2,000 requests before each"
                  + " dump"),
          healthy(
              "spring-cacheable-bounded-keys",
              FxRatesApplication.class,
              "Spring Boot: @Cacheable over the ConcurrentMapCacheManager keyed by currency pair"
                  + " (40 of them): full after the first requests; 3,000 requests before each"
                  + " dump"),
          healthy(
              "vertx-local-map-sessions-ended",
              LocalMapSessionsEnded.class,
              "Vert.x local map of sessions, each removed at logout, about 500 open; 3,000 logins"
                  + " before each dump"),
          healthy(
              "compose-polling-loop",
              StatusPollingLoop.class,
              "the same polling as compose-recursion-polling, each poll started from the last"
                  + " one's callback: only the poll in flight is held"),
          healthy(
              "long-task-timer-stopped",
              ExportTimersStopped.class,
              "a Micrometer LongTaskTimer, each sample stopped, about 50 running; 2,000 exports"
                  + " before each dump"),
          healthy(
              "httpclient5-responses-closed",
              ClosedResponses.class,
              "one shared Apache HttpClient 5, each response read and closed by a response"
                  + " handler, from 8 threads; 400 requests before each dump"),
          healthy(
              "thread-local-buffers-fixed-pool",
              ThreadBuffers.class,
              "a fixed pool of 8 threads, each with a 64 KB buffer and a StringBuilder in"
                  + " ThreadLocals, made once and reused; 4,000 tasks before each dump"),
          healthy(
              "guava-expire-after-access-rising-traffic",
              AccessTokens.class,
              "Guava cache of access tokens, expireAfterAccess(300 ms), no size bound; traffic"
                  + " rising from 1,500 to 2,100 tokens a second over the dumps"),
          healthy(
              "delay-queue-retries-rising-traffic",
              RetryQueue.class,
              "failed deliveries waiting 300 ms in a DelayQueue for their retry, taken by a"
                  + " worker when due; failures rising from 1,000 to 1,200 a second over the"
                  + " dumps"),
          healthy(
              "rate-limit-window-rising-traffic",
              RequestRates.class,
              "a sliding-window rate limiter keeping each client's request times of the last 2 s"
                  + " in an ArrayDeque<Long>, trimmed at each request; traffic rising from 1,700"
                  + " to 1,900 requests a second over the dumps"),
          healthy(
              "caffeine-bounded-still-warming",
              ProductPages.class,
              "product pages in a Caffeine cache of maximumSize 40,000 caught while it warms after"
                  + " a restart: 9,000, 18,000, then 27,000 pages"),
          healthy(
              "lru-map-still-warming",
              Avatars.class,
              "avatars in a LinkedHashMap LRU (removeEldestEntry past a capacity of 20,000) caught"
                  + " while it warms: 5,000, 10,000, then 15,000"),
          healthy(
              "guava-bounded-still-warming",
              CustomerProfiles.class,
              "customer profiles in a Guava cache of maximumSize 30,000 caught while it warms:"
                  + " 7,000, 14,000, then 21,000"),
          healthy(
              "reactor-buffer-timeout-batches",
              ClickBatches.class,
              "click events batched by Reactor's bufferTimeout(5,000, 400 ms) and written a batch"
                  + " at a time; clicks rising from 1,000 to 1,300 a second over the dumps"));

  private static CorpusProgram leak(
      String name, Class<?> main, String holder, String accumulatedClass, String plants) {
    return new CorpusProgram(name, main, true, holder, accumulatedClass, 0, plants);
  }

  private static CorpusProgram healthy(String name, Class<?> main, String plants) {
    return new CorpusProgram(name, main, false, null, null, 0, plants);
  }

  /** Programs that need a JDK newer than 17, by name: virtual threads came with JDK 21. */
  private static final java.util.Map<String, Integer> SINCE =
      java.util.Map.of("virtual-threads-hung-calls", 21, "virtual-threads-busy", 21);

  /** Whether the program runs on a JDK of this feature release. */
  boolean runsOn(int feature) {
    return feature >= SINCE.getOrDefault(name, 17);
  }

  /** The holders suspect 1 may name: {@link #holder} split at {@code " or "}. */
  List<String> holders() {
    return holder == null ? List.of() : List.of(holder.split(" or "));
  }

  /** The classes suspect 1 may say accumulate: {@link #accumulatedClass} split at " or ". */
  List<String> accumulatedClasses() {
    return accumulatedClass == null ? List.of() : List.of(accumulatedClass.split(" or "));
  }

  @Override
  public String toString() {
    return name;
  }
}
