package io.leakscope.cli.it.programs;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A leak of classes, in the shape of a script engine's: each new rule text is "compiled" into a
 * class of its own, defined by a loader of its own that refers back to the engine's cache, and the
 * cache keeps every class it made (as Groovy's {@code GroovyClassLoader} keeps each script's). The
 * cache is three fields below the program's static field, and each loader reaches it in two steps
 * from its class; the newest class is also held by the main thread's frame, so that no single
 * object dominates it.
 */
public final class CompiledRulesProgram {
  /** Rules compiled, one class each. */
  public static final int RULES = 300;

  /** The bytes of each rule's source, which its loader keeps. */
  public static final int SOURCE_BYTES = 2048;

  static final RuleService SERVICE = new RuleService();

  /** What the program's static field holds. */
  static final class RuleService {
    final RuleEngine engine = new RuleEngine();
  }

  /** The engine, with its cache. */
  static final class RuleEngine {
    final RuleCache cache = new RuleCache();
  }

  /** Every class compiled, by rule text. */
  public static final class RuleCache {
    final Map<String, Class<?>> classes = new ConcurrentHashMap<>();

    Class<?> compile(String text) {
      return classes.computeIfAbsent(text, t -> new RuleLoader(this, t).define(classes.size()));
    }
  }

  /** A loader per rule, as a script engine makes one per compilation. */
  public static final class RuleLoader extends ClassLoader {
    final RuleCache owner;
    final byte[] source = new byte[SOURCE_BYTES];

    RuleLoader(RuleCache owner, String text) {
      super(RuleLoader.class.getClassLoader());
      this.owner = owner;
      byte[] t = text.getBytes(StandardCharsets.UTF_8);
      System.arraycopy(t, 0, source, 0, Math.min(t.length, source.length));
    }

    Class<?> define(int number) {
      byte[] bytes = emptyClass("rules/Rule" + number);
      return defineClass("rules.Rule" + number, bytes, 0, bytes.length);
    }
  }

  /** A class file with no members: the name and {@code java.lang.Object} as its superclass. */
  static byte[] emptyClass(String internalName) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(0xCAFEBABE);
      out.writeShort(0); // minor
      out.writeShort(52); // major: Java 8, which every JDK loads
      out.writeShort(5); // constant pool: 4 entries
      out.writeByte(1); // #1 Utf8: the name
      out.writeUTF(internalName);
      out.writeByte(7); // #2 Class #1
      out.writeShort(1);
      out.writeByte(1); // #3 Utf8: the superclass
      out.writeUTF("java/lang/Object");
      out.writeByte(7); // #4 Class #3
      out.writeShort(3);
      out.writeShort(0x0021); // public super
      out.writeShort(2); // this
      out.writeShort(4); // super
      out.writeShort(0); // interfaces
      out.writeShort(0); // fields
      out.writeShort(0); // methods
      out.writeShort(0); // attributes
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static void main(String[] args) throws Exception {
    Class<?> last = null;
    for (int i = 0; i < RULES; i++) {
      last = SERVICE.engine.cache.compile("amount > " + (100 + i) + " && region == 'eu'");
    }
    CommandLoop.readyThenServe(Map.of());
    Reference.reachabilityFence(last);
  }

  private CompiledRulesProgram() {}
}
