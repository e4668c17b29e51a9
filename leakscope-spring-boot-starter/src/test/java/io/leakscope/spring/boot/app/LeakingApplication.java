package io.leakscope.spring.boot.app;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring MVC service for the tests, with a leak planted on purpose: {@code GET /leak?kb=N} keeps
 * N kilobytes for as long as the application runs; {@code GET /gc} asks for a full collection, so
 * that the watchdog reads the live set after GC at once instead of waiting for the old generation
 * to fill.
 */
@SpringBootApplication
public class LeakingApplication {

  /** The leaking controller. */
  @RestController
  static class LeakController {
    private final List<byte[]> kept = new ArrayList<>();

    @GetMapping("/leak")
    synchronized String leak(@RequestParam int kb) {
      kept.add(new byte[kb * 1024]);
      return "kept " + kept.size() + "\n";
    }

    @GetMapping("/gc")
    String gc() {
      System.gc();
      return "gc\n";
    }
  }
}
