package corpus.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A few HTTP requests to a server of the program's own, on the loopback address only. */
public final class LocalRequests {
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final int port;

  public LocalRequests(int port) {
    this.port = port;
  }

  /**
   * GETs {@code path} {@code times} times, with {@code n=0}, {@code n=1}, … added to its query;
   * fails unless every answer is 200.
   */
  public void get(String path, int times) {
    for (int i = 0; i < times; i++) {
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create(
                      "http://127.0.0.1:" + port + path + (path.contains("?") ? "&n=" : "?n=") + i))
              .timeout(Duration.ofSeconds(10))
              .build();
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          throw new IllegalStateException(path + " answered " + response.statusCode());
        }
      } catch (IOException e) {
        throw new IllegalStateException("GET " + path + " failed", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
