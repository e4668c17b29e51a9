package corpus.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A small HTTP server on 127.0.0.1 in a JVM of its own, for programs whose leak is on the client
 * side: run in the program's own JVM, the server's side of each connection would be in its dumps
 * too. Started with the same {@code java} and class path, it prints its port and answers {@code
 * GET} with a short body, keeping connections alive, until the program that started it ends;
 * requests under {@code /hang/} are never answered.
 */
public final class LoopbackServer implements AutoCloseable {
  private final Process process;
  private final int port;

  private LoopbackServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the server and waits for its port. */
  public static LoopbackServer start() throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xmx64m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    LoopbackServer.class.getName()))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String line = new String(p.getInputStream().readNBytes(6), StandardCharsets.US_ASCII).strip();
    return new LoopbackServer(p, Integer.parseInt(line));
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    process.destroy();
  }

  /** The server: its port on stdout, then it serves until its parent ends. */
  public static void main(String[] args) throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1_024);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = "{\"rate\":1.08}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    // a supplier that has stopped answering: the request is read, no response is ever sent, the
    // connection stays open (the exchange is neither answered nor closed)
    server.createContext("/hang/", exchange -> {});
    server.start();
    System.out.printf("%6d", server.getAddress().getPort());
    System.out.flush();
    ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().join());
    server.stop(0);
  }
}
