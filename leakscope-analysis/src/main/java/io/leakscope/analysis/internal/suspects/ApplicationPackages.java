package io.leakscope.analysis.internal.suspects;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Tells the application's classes from the JDK's and the libraries', so that a suspect is named by
 * the application's own field and counts what the application stores, with library internals (a
 * cache's nodes, a registry's maps) as detail.
 *
 * <p>Design note. A heap dump does not say which jar a class came from, and applications and their
 * libraries share one class loader in most services, so the split is by package: the JDK ({@code
 * java.}, {@code javax.}, {@code jdk.}, {@code sun.}, {@code com.sun.}), a built-in list of the
 * libraries services are commonly built of (each with a short name for explanations), and the
 * prefixes a user adds ({@code --library-package}). Everything else is the application, unless the
 * dump names the class the JVM was started with ({@link MainClass}): then the application is that
 * class's top two packages ({@code com.acme} for {@code com.acme.orders.Main}), and a class of any
 * other package is a library, named by its top two packages, so that a library the list does not
 * know (a collections library, a vendor's client) is not taken for the application. A prefix ends
 * at a package boundary: {@code org.apache.} matches {@code org.apache.http.Foo}, not {@code
 * org.apachefoo.Bar}.
 */
public final class ApplicationPackages {
  private static final List<String> JDK = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

  /** Well-known libraries by package prefix, with the name a person knows them by. */
  private static final Map<String, String> LIBRARIES =
      Map.ofEntries(
          Map.entry("com.github.benmanes.caffeine.", "Caffeine"),
          Map.entry("com.google.common.", "Guava"),
          Map.entry("com.google.", "Google libraries"),
          Map.entry("io.micrometer.", "Micrometer"),
          Map.entry("io.prometheus.", "Prometheus client"),
          Map.entry("io.netty.", "Netty"),
          Map.entry("io.grpc.", "gRPC"),
          Map.entry("io.opentelemetry.", "OpenTelemetry"),
          Map.entry("io.vertx.", "Vert.x"),
          Map.entry("io.undertow.", "Undertow"),
          Map.entry("io.javalin.", "Javalin"),
          Map.entry("io.helidon.", "Helidon"),
          Map.entry("io.micronaut.", "Micronaut"),
          Map.entry("io.quarkus.", "Quarkus"),
          Map.entry("io.lettuce.", "Lettuce"),
          Map.entry("reactor.", "Reactor"),
          Map.entry("org.springframework.", "Spring"),
          Map.entry("org.apache.", "Apache libraries"),
          Map.entry("org.apache.kafka.", "Kafka"),
          Map.entry("org.apache.hc.", "Apache HttpClient"),
          Map.entry("org.apache.http.", "Apache HttpClient"),
          Map.entry("org.apache.catalina.", "Tomcat"),
          Map.entry("org.apache.tomcat.", "Tomcat"),
          Map.entry("org.apache.coyote.", "Tomcat"),
          Map.entry("org.apache.logging.log4j.", "Log4j"),
          Map.entry("org.apache.commons.", "Apache Commons"),
          Map.entry("org.apache.lucene.", "Lucene"),
          Map.entry("org.apache.zookeeper.", "ZooKeeper"),
          Map.entry("org.apache.curator.", "Curator"),
          Map.entry("org.apache.pulsar.", "Pulsar"),
          Map.entry("org.apache.activemq.", "ActiveMQ"),
          Map.entry("org.apache.camel.", "Camel"),
          Map.entry("org.apache.cxf.", "CXF"),
          Map.entry("org.apache.avro.", "Avro"),
          Map.entry("org.apache.thrift.", "Thrift"),
          Map.entry("org.apache.hadoop.", "Hadoop"),
          Map.entry("org.apache.spark.", "Spark"),
          Map.entry("org.apache.flink.", "Flink"),
          Map.entry("org.apache.cassandra.", "Cassandra"),
          Map.entry("org.apache.ignite.", "Ignite"),
          Map.entry("org.apache.poi.", "Apache POI"),
          Map.entry("org.eclipse.", "Eclipse libraries"),
          Map.entry("org.hibernate.", "Hibernate"),
          Map.entry("org.jboss.", "JBoss libraries"),
          Map.entry("org.glassfish.", "GlassFish libraries"),
          Map.entry("org.slf4j.", "SLF4J"),
          Map.entry("ch.qos.logback.", "Logback"),
          Map.entry("org.yaml.", "SnakeYAML"),
          Map.entry("org.objectweb.", "ASM"),
          Map.entry("org.postgresql.", "PostgreSQL JDBC"),
          Map.entry("org.h2.", "H2"),
          Map.entry("org.junit.", "JUnit"),
          Map.entry("org.jetbrains.", "JetBrains libraries"),
          Map.entry("org.aspectj.", "AspectJ"),
          Map.entry("com.fasterxml.", "Jackson"),
          Map.entry("com.zaxxer.hikari.", "HikariCP"),
          Map.entry("com.mysql.", "MySQL JDBC"),
          Map.entry("com.squareup.", "Square libraries"),
          Map.entry("okhttp3.", "OkHttp"),
          Map.entry("okio.", "Okio"),
          Map.entry("redis.clients.", "Jedis"),
          Map.entry("software.amazon.", "AWS SDK"),
          Map.entry("com.amazonaws.", "AWS SDK"),
          Map.entry("jakarta.", "Jakarta EE"),
          Map.entry("kotlin.", "Kotlin"),
          Map.entry("kotlinx.", "Kotlin"),
          Map.entry("scala.", "Scala"),
          Map.entry("groovy.", "Groovy"),
          Map.entry("net.bytebuddy.", "Byte Buddy"),
          Map.entry("org.mockito.", "Mockito"),
          // script engines, code generators and other runtimes that keep what they generate
          Map.entry("org.codehaus.groovy.", "Groovy"),
          Map.entry("org.apache.groovy.", "Groovy"),
          Map.entry("org.codehaus.", "Codehaus libraries"),
          Map.entry("org.jruby.", "JRuby"),
          Map.entry("org.mozilla.javascript.", "Rhino"),
          Map.entry("org.openjdk.nashorn.", "Nashorn"),
          Map.entry("org.graalvm.", "GraalVM"),
          Map.entry("com.oracle.truffle.", "Truffle"),
          Map.entry("org.python.", "Jython"),
          Map.entry("org.mvel2.", "MVEL"),
          Map.entry("org.drools.", "Drools"),
          Map.entry("org.kie.", "Drools"),
          Map.entry("javassist.", "Javassist"),
          Map.entry("org.antlr.", "ANTLR"),
          Map.entry("freemarker.", "FreeMarker"),
          Map.entry("org.thymeleaf.", "Thymeleaf"),
          // reactive streams, caches, data grids, clients and drivers
          Map.entry("io.reactivex.", "RxJava"),
          Map.entry("rx.", "RxJava"),
          Map.entry("org.reactivestreams.", "Reactive Streams"),
          Map.entry("akka.", "Akka"),
          Map.entry("org.ehcache.", "Ehcache"),
          Map.entry("net.sf.ehcache.", "Ehcache"),
          Map.entry("org.infinispan.", "Infinispan"),
          Map.entry("com.hazelcast.", "Hazelcast"),
          Map.entry("org.redisson.", "Redisson"),
          Map.entry("com.mongodb.", "MongoDB driver"),
          Map.entry("org.bson.", "MongoDB driver"),
          Map.entry("com.datastax.", "Cassandra driver"),
          Map.entry("org.elasticsearch.", "Elasticsearch"),
          Map.entry("co.elastic.", "Elasticsearch"),
          Map.entry("org.opensearch.", "OpenSearch"),
          Map.entry("org.mariadb.", "MariaDB JDBC"),
          Map.entry("oracle.jdbc.", "Oracle JDBC"),
          Map.entry("com.microsoft.sqlserver.", "SQL Server JDBC"),
          Map.entry("org.hsqldb.", "HSQLDB"),
          Map.entry("org.sqlite.", "SQLite JDBC"),
          Map.entry("org.jooq.", "jOOQ"),
          Map.entry("org.mybatis.", "MyBatis"),
          Map.entry("org.flywaydb.", "Flyway"),
          Map.entry("liquibase.", "Liquibase"),
          Map.entry("feign.", "Feign"),
          Map.entry("retrofit2.", "Retrofit"),
          Map.entry("org.asynchttpclient.", "AsyncHttpClient"),
          Map.entry("io.github.resilience4j.", "Resilience4j"),
          Map.entry("com.netflix.", "Netflix libraries"),
          Map.entry("io.dropwizard.", "Dropwizard"),
          Map.entry("com.codahale.metrics.", "Dropwizard Metrics"),
          Map.entry("io.smallrye.", "SmallRye"),
          Map.entry("io.opentracing.", "OpenTracing"),
          Map.entry("brave.", "Brave"),
          Map.entry("zipkin2.", "Zipkin"),
          Map.entry("io.sentry.", "Sentry"),
          Map.entry("com.esotericsoftware.", "Kryo"),
          Map.entry("com.thoughtworks.xstream.", "XStream"),
          Map.entry("org.joda.", "Joda-Time"),
          Map.entry("org.bouncycastle.", "Bouncy Castle"),
          Map.entry("org.jctools.", "JCTools"),
          Map.entry("com.lmax.", "Disruptor"),
          Map.entry("org.agrona.", "Agrona"),
          Map.entry("org.HdrHistogram.", "HdrHistogram"),
          Map.entry("org.osgi.", "OSGi"),
          Map.entry("org.xml.", "XML APIs"),
          Map.entry("org.w3c.", "XML APIs"));

  public static final ApplicationPackages DEFAULT = new ApplicationPackages(List.of());

  private final List<String> userLibraries;
  private final @org.jspecify.annotations.Nullable String application;

  /**
   * @param userLibraries more library prefixes, e.g. {@code com.acme.platform}; a missing trailing
   *     dot is added
   */
  public ApplicationPackages(List<String> userLibraries) {
    this(userLibraries, null);
  }

  /**
   * @param userLibraries more library prefixes, e.g. {@code com.acme.platform}; a missing trailing
   *     dot is added
   * @param mainClass the class the dumped JVM was started with, or null: see {@link
   *     #applicationPrefixOf}
   */
  public ApplicationPackages(
      List<String> userLibraries, @org.jspecify.annotations.Nullable String mainClass) {
    this.application = mainClass == null ? null : applicationPrefixOf(mainClass, userLibraries);
    List<String> prefixes = new ArrayList<>();
    for (String p : userLibraries) {
      String s = p.strip();
      if (!s.isEmpty()) {
        prefixes.add(s.endsWith(".") ? s : s + ".");
      }
    }
    this.userLibraries = List.copyOf(prefixes);
  }

  /**
   * The application's packages for a main class: its top two packages with a trailing dot ({@code
   * com.acme.} for {@code com.acme.orders.Main}, {@code app.} for {@code app.Main}), or null when
   * it tells nothing: a class of no package, or of the JDK, of a known library or of a prefix the
   * user declared a library (a launcher: Spring Boot's {@code JarLauncher}, Maven Surefire's
   * booter, a server's bootstrap), whose application is elsewhere.
   */
  public static @org.jspecify.annotations.Nullable String applicationPrefixOf(
      String mainClass, List<String> userLibraries) {
    String[] parts = mainClass.split("\\.");
    if (parts.length < 2 || isJdk(mainClass)) {
      return null;
    }
    if (new ApplicationPackages(userLibraries).libraryName(mainClass) != null) {
      return null;
    }
    return parts.length == 2 ? parts[0] + "." : parts[0] + "." + parts[1] + ".";
  }

  /** The application's packages ({@code com.acme.}), or null when the dump did not tell them. */
  public @org.jspecify.annotations.Nullable String applicationPrefix() {
    return application;
  }

  private static final java.util.Set<String> PRIMITIVES =
      java.util.Set.of("boolean", "byte", "char", "short", "int", "long", "float", "double");

  /**
   * Whether {@code className} (Java source form) belongs to the JDK; an array belongs where its
   * element type does ({@code long[]} and {@code java.lang.String[]} to the JDK).
   */
  public static boolean isJdk(String className) {
    String element = elementType(className);
    if (PRIMITIVES.contains(element)) {
      return true;
    }
    for (String p : JDK) {
      if (element.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  private static String elementType(String className) {
    String s = className;
    while (s.endsWith("[]")) {
      s = s.substring(0, s.length() - 2);
    }
    return s;
  }

  /** Whether {@code className} belongs to a library: built in, or a prefix the user added. */
  public boolean isLibrary(String className) {
    return libraryName(className) != null;
  }

  /** Whether {@code className} is the application's own: neither JDK nor library. */
  public boolean isApplication(String className) {
    return !isJdk(className) && !isLibrary(className);
  }

  /** The JDK or a library: internals that stand between the application and its data. */
  public boolean isInternal(String className) {
    return !isApplication(className);
  }

  /** The library's name for a person ({@code "Guava"}), or null if the class is not a library's. */
  public @org.jspecify.annotations.Nullable String libraryName(String name) {
    String className = elementType(name);
    String best = null;
    String bestName = null;
    for (Map.Entry<String, String> e : LIBRARIES.entrySet()) {
      if (className.startsWith(e.getKey())
          && (best == null || e.getKey().length() > best.length())) {
        best = e.getKey();
        bestName = e.getValue();
      }
    }
    if (bestName != null) {
      return bestName;
    }
    for (String p : userLibraries) {
      if (className.startsWith(p)) {
        return p.substring(0, p.length() - 1);
      }
    }
    if (application != null
        && !className.startsWith(application)
        && !isJdk(className)
        && className.indexOf('.') > 0) {
      String[] parts = className.split("\\.");
      return parts.length <= 2 ? parts[0] : parts[0] + "." + parts[1];
    }
    return null;
  }
}
