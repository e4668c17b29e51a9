package corpus.app;

import com.google.common.collect.Interner;
import com.google.common.collect.Interners;
import corpus.support.HeapDumps;

/**
 * Leak through Guava: tags that users type are interned with a strong interner, to share equal
 * strings between the items tagged with them. A strong interner keeps every string it has seen, and
 * user input has no bound: +3,000 strings per step.
 */
public final class TagService {
  static final Interner<String> TAGS = Interners.newStrongInterner();

  static String tag(String typed) {
    return TAGS.intern(typed.trim().toLowerCase(java.util.Locale.ROOT));
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    int typed = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 3_000; i++, typed++) {
        tag("  Summer-Sale-" + typed + "-" + Integer.toHexString(typed * 7919) + " ");
        tag("shoes"); // the common tags are shared, as intended
      }
      dumps.take(dump);
    }
  }

  private TagService() {}
}
