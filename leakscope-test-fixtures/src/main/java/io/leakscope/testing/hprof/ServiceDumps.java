package io.leakscope.testing.hprof;

import io.leakscope.testing.hprof.HeapDumpBuilder.ClassHandle;
import io.leakscope.testing.hprof.HeapDumpBuilder.FieldSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Dumps of a small service at some moment, shared by the tests of growth between dumps: a big
 * stable cache ({@code a.Cache.MAP}, an {@code a.Entry[]} whose entries each hold a 200-byte {@code
 * byte[]}) beside a small leak ({@code a.Leak.SEEN}, an {@code a.Request[]} whose requests each
 * hold a 100-byte body). Taken at several moments with a growing {@code leaked} count, the right
 * answer follows from the construction: the leak grows by exactly the added requests and their
 * bodies, the cache not at all, and in one dump alone the cache is the bigger holder.
 */
public final class ServiceDumps {
  private ServiceDumps() {}

  /**
   * Writes the dump to {@code file}. Objects are shuffled with {@code timeMillis} as the seed, so
   * dumps at different moments do not share an object order.
   *
   * @param timeMillis the dump's timestamp
   * @param cacheEntries entries of the stable cache
   * @param leaked requests held by the leak
   */
  public static Path stableCacheAndLeak(Path file, long timeMillis, int cacheEntries, int leaked)
      throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create().timestamp(timeMillis).shuffleObjects(timeMillis);
    ClassHandle cache = b.defineClass("a.Cache", b.objectClass());
    ClassHandle leak = b.defineClass("a.Leak", b.objectClass());
    ClassHandle entry = b.defineClass("a.Entry", b.objectClass(), FieldSpec.ref("data"));
    ClassHandle request = b.defineClass("a.Request", b.objectClass(), FieldSpec.ref("body"));
    for (ClassHandle c :
        List.of(cache, leak, entry, request, b.arrayClass(entry), b.arrayClass(request))) {
      b.stickyClass(c);
    }
    long[] entries = new long[cacheEntries];
    for (int i = 0; i < entries.length; i++) {
      entries[i] = b.instance(entry, b.primitiveArray(new byte[200]).id()).id();
    }
    cache.staticField(FieldSpec.ref("MAP"), b.objectArray(b.arrayClass(entry), entries).id());
    long[] requests = new long[leaked];
    for (int i = 0; i < leaked; i++) {
      requests[i] = b.instance(request, b.primitiveArray(new byte[100]).id()).id();
    }
    leak.staticField(FieldSpec.ref("SEEN"), b.objectArray(b.arrayClass(request), requests).id());
    javaCommand(b, "a.Main --port 8080");
    b.writeTo(file);
    return file;
  }

  /**
   * Gives the dump a JVM's {@code sun.java.command} system property, as HotSpot's dumps hold it:
   * {@code java.lang.System.props}, a {@code Properties} whose entries are in a {@code
   * ConcurrentHashMap}'s table (with a second property before it in the same bucket).
   */
  public static void javaCommand(HeapDumpBuilder b, String command) {
    ClassHandle system = b.defineClass("java.lang.System", b.objectClass());
    ClassHandle properties =
        b.defineClass("java.util.Properties", b.objectClass(), FieldSpec.ref("map"));
    ClassHandle map =
        b.defineClass(
            "java.util.concurrent.ConcurrentHashMap", b.objectClass(), FieldSpec.ref("table"));
    ClassHandle node =
        b.defineClass(
            "java.util.concurrent.ConcurrentHashMap$Node",
            b.objectClass(),
            FieldSpec.ref("key"),
            FieldSpec.ref("val"),
            FieldSpec.ref("next"));
    b.stickyClass(system);
    long entry =
        b.instance(node, b.string("sun.java.command").id(), b.string(command).id(), 0L).id();
    long version =
        b.instance(node, b.string("java.version").id(), b.string("17.0.15").id(), entry).id();
    long table = b.objectArray(b.arrayClass(node), new long[] {0L, version, 0L}).id();
    system.staticField(
        FieldSpec.ref("props"), b.instance(properties, b.instance(map, table).id()).id());
  }
}
