package io.leakscope.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakscope.cli.Main;
import io.leakscope.cli.it.programs.SecretHoldingProgram;
import io.leakscope.testing.Jdk;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code leakscope redact} on dumps of a real JVM holding a secret made up by the test: the secret
 * is in the original dump (found by searching its raw bytes) and in none of the redacted copies,
 * whose every primitive array is zero, whose bytes differ from the original only where values were
 * zeroed, and which analyze exactly like the original.
 */
// no verdict depends on the machine's speed: runs beside other classes, but not beside
// MemoryCommandTest (the CPU lock; junit-platform.properties)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(value = "cpu", mode = ResourceAccessMode.READ)
class RedactRealDumpTest {
  static List<Path> jdks() {
    return Jdk.candidateHomes();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void redactedDumpsHoldNoSecretAndAnalyzeLikeTheOriginal(Path home, @TempDir Path dir)
      throws IOException {
    Jdk jdk = Jdk.require(home);
    byte[] random = new byte[12];
    new SecureRandom().nextBytes(random);
    String secret = "tok-" + HexFormat.of().formatHex(random);
    Path plain = dir.resolve("original.hprof");
    Path chunked = dir.resolve("original.hprof.gz");
    try (ChildJvm child =
        ChildJvm.start(jdk, SecretHoldingProgram.class, List.of("-Dsecret=" + secret))) {
      child.heapDump(plain, false);
      child.heapDump(chunked, true);
    }
    Path singleGzip = dir.resolve("gzipped.hprof.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(singleGzip))) {
      Files.copy(plain, out);
    }

    byte[] original = Files.readAllBytes(plain);
    List<byte[]> forms =
        List.of(
            secret.getBytes(StandardCharsets.ISO_8859_1), // String (compact), byte[]
            secret.getBytes(StandardCharsets.UTF_16BE), // char[]: the dump writes Java order
            secret.getBytes(StandardCharsets.UTF_16LE), // UTF16 String: x86 byte order
            SecretHoldingProgram.LITERAL.getBytes(StandardCharsets.UTF_8)); // symbol, String
    for (byte[] form : forms) {
      assertThat(indexOf(original, form))
          .as("the secret in the original dump (%s)", jdk)
          .isNotNegative();
    }
    DumpRegions before = DumpRegions.of(plain, original);
    assertThat(before.nonZeroArrayBytes).isPositive();
    assertThat(before.hashValues).contains((long) secret.hashCode());
    assertThat(before.unreferencedNames).isNotEmpty();

    Path redacted = redact(dir, plain, "redacted.hprof");
    Path fromChunked = redact(dir, chunked, "redacted-from-gz.hprof.gz");
    Path fromSingle = redact(dir, singleGzip, "redacted-from-gzip.hprof");
    Path withFields = redact(dir, plain, "redacted-fields.hprof", "--fields");

    for (Path copy : List.of(redacted, fromChunked, fromSingle, withFields)) {
      byte[] bytes = uncompressed(copy);
      for (byte[] form : forms) {
        assertThat(indexOf(bytes, form))
            .as("the secret in %s (%s)", copy.getFileName(), jdk)
            .isNegative();
      }
      DumpRegions after = DumpRegions.of(copy, null);
      assertThat(after.primitiveArrays).isPositive();
      assertThat(after.nonZeroArrayBytes)
          .as("non-zero array bytes in %s", copy.getFileName())
          .isZero();
      assertThat(after.hashValues).isNotEmpty().containsOnly(0L);
    }
    assertThat(Files.readAllBytes(fromSingle)).isEqualTo(Files.readAllBytes(redacted));
    assertThat(new String(Files.readAllBytes(fromChunked), 0, 40, StandardCharsets.ISO_8859_1))
        .as("gzip output is chunked like jcmd's")
        .contains("HPROF BLOCKSIZE=");

    assertDiffersOnlyIn(
        original,
        Files.readAllBytes(redacted),
        before.arrayContents,
        before.hashFields,
        before.unreferencedNames);
    assertDiffersOnlyIn(
        original,
        Files.readAllBytes(withFields),
        before.arrayContents,
        before.hashFields,
        before.primitiveFields,
        before.primitiveStatics,
        before.unreferencedNames);

    AnalyzedDump a = AnalyzedDump.analyze(plain, dir.resolve("original.json"));
    assertSameAnalysis(a, AnalyzedDump.analyze(redacted, dir.resolve("redacted.json")));
    assertSameAnalysis(a, AnalyzedDump.analyze(withFields, dir.resolve("fields.json")));
    assertThat(a.section("suspects").get(0).path("holder").asText())
        .as("the planted leak is found at all")
        .isEqualTo(SecretHoldingProgram.class.getName() + ".SESSIONS");
    assertThat(a.section("nativeMemory").path("reachable").path("directBytes").asLong())
        .as("the direct buffers are counted at all")
        .isGreaterThanOrEqualTo(6 * 8192);
  }

  private static Path redact(Path dir, Path in, String outName, String... options) {
    Path out = dir.resolve(outName);
    List<String> args = new ArrayList<>(List.of("redact", in.toString(), out.toString()));
    args.addAll(List.of(options));
    StringWriter stdout = new StringWriter();
    StringWriter stderr = new StringWriter();
    int exit =
        Main.execute(new PrintWriter(stdout), new PrintWriter(stderr), args.toArray(String[]::new));
    assertThat(exit).as("leakscope %s; stderr: %s", String.join(" ", args), stderr).isZero();
    assertThat(stdout.toString()).contains("zeroed the contents of").contains("byte[]");
    return out;
  }

  private static byte[] uncompressed(Path file) throws IOException {
    if (!file.toString().endsWith(".gz")) {
      return Files.readAllBytes(file);
    }
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      return in.readAllBytes(); // reads every member
    }
  }

  @SafeVarargs
  private static void assertDiffersOnlyIn(byte[] original, byte[] copy, List<long[]>... allowed) {
    assertThat(copy.length).isEqualTo(original.length);
    long differing = 0;
    for (int i = 0; i < original.length; i++) {
      if (original[i] != copy[i]) {
        differing++;
        boolean explained = false;
        for (List<long[]> ranges : allowed) {
          explained |= DumpRegions.inside(ranges, i);
        }
        assertThat(explained).as("byte 0x%x differs outside every zeroed value", i).isTrue();
        assertThat(copy[i]).isZero();
      }
    }
    assertThat(differing).isPositive();
  }

  private static void assertSameAnalysis(AnalyzedDump original, AnalyzedDump redacted) {
    assertThat(redacted.section("histogram")).isEqualTo(original.section("histogram"));
    assertThat(redacted.dominators()).isEqualTo(original.dominators());
    assertThat(redacted.section("suspects")).isEqualTo(original.section("suspects"));
    assertThat(redacted.section("dominatorTree")).isEqualTo(original.section("dominatorTree"));
    // the direct buffers' native memory: their capacities are kept
    assertThat(redacted.section("nativeMemory")).isEqualTo(original.section("nativeMemory"));
    JsonNode a = original.section("dump");
    JsonNode b = redacted.section("dump");
    for (String count : List.of("objects", "classes", "gcRoots", "totalShallowBytes", "idSize")) {
      assertThat(b.path(count)).as("dump.%s", count).isEqualTo(a.path(count));
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
