package corpus.app.boot;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The application's one endpoint, and a health check. */
@RestController
public class GreetingController {
  @GetMapping("/greeting")
  public Map<String, Object> greeting(@RequestParam(name = "n", defaultValue = "0") int n) {
    return Map.of("message", "hello", "n", n);
  }

  @GetMapping("/health")
  public Map<String, String> health() {
    return Map.of("status", "UP");
  }
}
