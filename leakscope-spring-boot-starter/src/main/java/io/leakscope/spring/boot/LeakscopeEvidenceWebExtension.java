package io.leakscope.spring.boot;

import io.leakscope.watchdog.Watchdog;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;

/**
 * {@code GET /actuator/leakscope/{name}}: one evidence file, by a name from the endpoint's {@code
 * evidence} list, behind the same security as every other Actuator endpoint (no second server, no
 * second token). Heap dumps hold the heap's contents (passwords, tokens, personal data), so this is
 * off unless {@code leakscope.evidence-download=true} (403 otherwise), like Spring Boot's own
 * {@code heapdump} endpoint, which is off until its access is granted. A name that is not in the
 * list is 404, whatever it holds ({@code ..}, separators, encoded or not).
 */
@EndpointWebExtension(endpoint = LeakscopeEndpoint.class)
public class LeakscopeEvidenceWebExtension {

  private static final int FORBIDDEN = 403;

  private final Watchdog watchdog;
  private final boolean downloadAllowed;

  public LeakscopeEvidenceWebExtension(Watchdog watchdog, boolean downloadAllowed) {
    this.watchdog = watchdog;
    this.downloadAllowed = downloadAllowed;
  }

  /** The evidence file with this exact name, as {@code application/octet-stream}. */
  @ReadOperation(produces = "application/octet-stream")
  public WebEndpointResponse<Resource> evidence(@Selector String name) {
    if (!downloadAllowed) {
      return new WebEndpointResponse<>(FORBIDDEN);
    }
    Optional<Path> file = EvidenceFiles.find(watchdog.evidenceDir(), name);
    return file.<WebEndpointResponse<Resource>>map(
            f -> new WebEndpointResponse<>(new FileSystemResource(f)))
        .orElseGet(() -> new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND));
  }
}
