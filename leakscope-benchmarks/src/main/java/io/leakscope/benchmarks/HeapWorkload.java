package io.leakscope.benchmarks;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The program whose heap the benchmarks analyze; it runs in a child JVM started by {@link
 * DumpGenerator}.
 *
 * <p>It builds a heap that looks like a service's, sized to a target number of objects, then dumps
 * itself. The mix, by share of the target object count:
 *
 * <ul>
 *   <li>45% session maps: four {@code HashMap<String, Session>}; each entry is a node, a key string
 *       and its byte array, a session, and for every fourth session a small payload array. Sessions
 *       share user names from a small pool and point to an earlier session (sharing, cycles).
 *   <li>20% lists: eight {@code ArrayList<Point>}; points share a few tag objects.
 *   <li>15% linked chains: {@code LinkedList<Long>}s of 1000 elements (two objects per element).
 *   <li>19.8% an object graph: a ternary tree of {@code GraphNode}s reachable from one root, each
 *       with an edge array that also holds one random cross edge (shared subtrees and cycles).
 *   <li>0.2% big primitive arrays ({@code long[]} and {@code byte[]}, about 1.5 KB on average).
 * </ul>
 *
 * <p>On a 64-bit HotSpot dump this averages about 47 bytes of HPROF per object, so 30 million
 * objects give about 1.4 GB. Everything is seeded, so the same target gives the same heap.
 *
 * <p>The {@code strings} mix is the same heap with many duplicate strings, as a service that parses
 * requests or rows holds them: each session also keeps a fresh copy of one of 200 texts (a status
 * or a region, its own String and byte array), and the 20% of lists hold fresh copies of those
 * texts instead of points (one in eight a {@code new String(original)} that shares its array, one
 * in sixteen a UTF-16 text). On 31 million objects that is about 5 million duplicate strings.
 *
 * <p>Usage: {@code HeapWorkload OBJECTS (--dump PATH | --wait) [--mix service|strings]}. With
 * {@code --wait} it prints {@code READY} and blocks until a line arrives on standard input, so that
 * the parent can dump it with {@code jcmd}.
 */
public final class HeapWorkload {

  /** Keeps the whole workload strongly reachable until the dump is taken. */
  static volatile Object retained;

  private static final int CHAIN_LENGTH = 1000;

  private final SplittableRandom random = new SplittableRandom(42);
  private long objects;
  private boolean strings;

  /** The texts that the {@code strings} mix copies; a sixteenth of them UTF-16. */
  private static final String[] TEXTS = new String[200];

  static {
    for (int i = 0; i < TEXTS.length; i++) {
      TEXTS[i] =
          (i % 16 == 0 ? "régión-\u0394-" : i % 2 == 0 ? "status-" : "region-eu-west-")
              + i
              + "-".repeat(i % 40);
    }
  }

  private HeapWorkload() {}

  /** A fresh copy of one of {@link #TEXTS}: its own String and value array. */
  private String text() {
    return new String(TEXTS[random.nextInt(TEXTS.length)].toCharArray());
  }

  /**
   * Builds the heap and dumps it or waits.
   *
   * @param args {@code OBJECTS} then {@code --dump PATH} or {@code --wait}
   * @throws IOException if the dump cannot be written or standard input fails
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: HeapWorkload OBJECTS (--dump PATH | --wait)");
    }
    long target = Long.parseLong(args[0]);
    HeapWorkload workload = new HeapWorkload();
    workload.strings = List.of(args).contains("strings");
    long start = System.nanoTime();
    retained = workload.build(target);
    System.out.printf(
        "WORKLOAD objects=%d buildMillis=%d%n",
        workload.objects, (System.nanoTime() - start) / 1_000_000);
    System.out.flush();
    if (args[1].equals("--dump")) {
      HotSpotDiagnosticMXBean bean =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      bean.dumpHeap(args[2], true);
    } else {
      System.out.println("READY");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }
    // Read the field after the dump so the JIT cannot treat the workload as dead before it.
    System.out.println("DONE " + (retained != null));
  }

  private Object[] build(long target) {
    String[] users = new String[1000];
    for (int i = 0; i < users.length; i++) {
      users[i] = "user-" + i + "@example.com";
      objects += 2;
    }
    Object[] tags = new Object[16];
    for (int i = 0; i < tags.length; i++) {
      tags[i] = new Object();
      objects++;
    }
    return new Object[] {
      sessionMaps(target * 45 / 100, users),
      strings ? textLists(target * 20 / 100) : pointLists(target * 20 / 100, tags),
      chains(target * 15 / 100),
      graph(target * 198 / 1000),
      bigArrays(target * 2 / 1000),
      users,
      tags
    };
  }

  private List<Map<String, Session>> sessionMaps(long budget, String[] users) {
    List<Map<String, Session>> maps = new ArrayList<>();
    long perMap = budget / 4;
    for (int m = 0; m < 4; m++) {
      // An entry costs about 4.25 objects (node, key, key bytes, session, 1/4 payload), and two
      // more in the strings mix (a text and its bytes).
      int entries = (int) (perMap * 4 / (strings ? 25 : 17));
      Map<String, Session> map = new HashMap<>(entries * 4 / 3 + 1);
      Session previous = null;
      for (int i = 0; i < entries; i++) {
        String key = "m" + m + "-session-" + i;
        Session session =
            strings
                ? new TaggedSession(i, users[random.nextInt(users.length)], previous, text())
                : new Session(i, users[random.nextInt(users.length)], previous);
        objects += strings ? 2 : 0;
        if ((i & 3) == 0) {
          session.payload = new byte[16 + random.nextInt(48)];
          objects++;
        }
        map.put(key, session);
        objects += 4;
        // Point back now and then, not always to the last one, so chains branch and share.
        previous = random.nextInt(8) == 0 ? null : session;
      }
      maps.add(map);
      objects += 2;
    }
    return maps;
  }

  private List<List<Point>> pointLists(long budget, Object[] tags) {
    List<List<Point>> lists = new ArrayList<>();
    long perList = budget / 8;
    for (int l = 0; l < 8; l++) {
      List<Point> list = new ArrayList<>((int) perList);
      for (long i = 0; i < perList; i++) {
        list.add(new Point(random.nextInt(), random.nextInt(), tags[random.nextInt(tags.length)]));
        objects++;
      }
      lists.add(list);
      objects += 2;
    }
    return lists;
  }

  private List<List<String>> textLists(long budget) {
    List<List<String>> lists = new ArrayList<>();
    long perList = budget / 8 / 2;
    for (int l = 0; l < 8; l++) {
      List<String> list = new ArrayList<>((int) perList);
      for (long i = 0; i < perList; i++) {
        if ((i & 7) == 7) {
          // a copy that shares its value array with the text: one more String, no more bytes
          list.add(new String(TEXTS[random.nextInt(TEXTS.length)]));
          objects++;
        } else {
          list.add(text());
          objects += 2;
        }
      }
      lists.add(list);
      objects += 2;
    }
    return lists;
  }

  private List<LinkedList<Long>> chains(long budget) {
    // Many lists of moderate length (like per-connection queues). One list of millions of
    // elements would make a dominator chain that deep, which is quadratic for some analyzers:
    // a benchmark of that one case, not of a service's heap.
    long lists = Math.max(1, budget / 2 / CHAIN_LENGTH);
    long perChain = budget / lists / 2;
    List<LinkedList<Long>> chains = new ArrayList<>();
    for (long c = 0; c < lists; c++) {
      LinkedList<Long> chain = new LinkedList<>();
      for (long i = 0; i < perChain; i++) {
        // Values outside the Long cache, so each element is a distinct object.
        chain.add(1_000_000L + random.nextLong(1L << 40));
        objects += 2;
      }
      chains.add(chain);
      objects++;
    }
    objects += 2;
    return chains;
  }

  private GraphNode graph(long budget) {
    int count = (int) (budget / 2);
    if (count == 0) {
      return null;
    }
    GraphNode[] nodes = new GraphNode[count];
    for (int i = 0; i < count; i++) {
      nodes[i] = new GraphNode(i);
    }
    for (int i = 0; i < count; i++) {
      int firstChild = 3 * i + 1;
      int children = Math.max(0, Math.min(3, count - firstChild));
      GraphNode[] out = new GraphNode[children + 1];
      for (int c = 0; c < children; c++) {
        out[c] = nodes[firstChild + c];
      }
      // A random cross edge: shares a subtree, and makes a cycle when it hits an ancestor.
      out[children] = nodes[random.nextInt(count)];
      nodes[i].out = out;
    }
    objects += 2L * count;
    return nodes[0];
  }

  private List<Object> bigArrays(long budget) {
    List<Object> arrays = new ArrayList<>();
    for (long i = 0; i < budget; i++) {
      arrays.add(
          (i & 1) == 0 ? new long[16 + random.nextInt(240)] : new byte[64 + random.nextInt(4032)]);
      objects++;
    }
    objects += 2;
    return arrays;
  }

  /** A map value: a user session. */
  static class Session {
    final long id;
    final String user;
    final Session previous;
    final long createdNanos = System.nanoTime();
    byte[] payload;

    Session(long id, String user, Session previous) {
      this.id = id;
      this.user = user;
      this.previous = previous;
    }
  }

  /** A session of the strings mix, with a text of its own. */
  static final class TaggedSession extends Session {
    final String status;

    TaggedSession(long id, String user, Session previous, String status) {
      super(id, user, previous);
      this.status = status;
    }
  }

  /** A list element. */
  static final class Point {
    final int x;
    final int y;
    final Object tag;

    Point(int x, int y, Object tag) {
      this.x = x;
      this.y = y;
      this.tag = tag;
    }
  }

  /** A node of the shared, cyclic object graph. */
  static final class GraphNode {
    final int id;
    GraphNode[] out;

    GraphNode(int id) {
      this.id = id;
    }
  }
}
