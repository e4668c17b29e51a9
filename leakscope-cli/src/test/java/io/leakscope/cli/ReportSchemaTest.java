package io.leakscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.leakscope.testing.hprof.HeapDumpBuilder;
import io.leakscope.testing.hprof.HeapDumpBuilder.ClassHandle;
import io.leakscope.testing.hprof.HeapDumpBuilder.FieldSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON reports of {@code analyze}, {@code diff} and {@code histogram}, run through the command
 * line on small dumps, against the JSON Schemas published in {@code docs/schema}: a plain analysis,
 * one with a baseline, a lenient analysis of a truncated dump, a diff and a class census. Reports
 * with one field broken must fail, so that the schema is known to check something.
 */
class ReportSchemaTest {
  /** The module's basedir is leakscope-cli; the schemas live at the project root. */
  private static final Path SCHEMAS = Path.of("..", "docs", "schema").toAbsolutePath().normalize();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static Schema analysisSchema;
  private static Schema diffSchema;
  private static Schema histogramSchema;

  @TempDir Path dir;

  @BeforeAll
  static void loadSchemas() {
    SchemaRegistry registry = registry();
    analysisSchema = registry.getSchema(location("analysis-report.schema.json"));
    diffSchema = registry.getSchema(location("diff-report.schema.json"));
    histogramSchema = registry.getSchema(location("histogram-report.schema.json"));
  }

  /**
   * A draft 2020-12 registry that reads our schemas (and the relative {@code $ref} from the diff
   * schema to the analysis schema) from docs/schema, and fetches nothing from the network.
   */
  private static SchemaRegistry registry() {
    return SchemaRegistry.withDefaultDialect(
        SpecificationVersion.DRAFT_2020_12,
        builder -> builder.schemas(ReportSchemaTest::localSchema));
  }

  /** The text of a schema file under docs/schema, or null for any other IRI. */
  private static String localSchema(String iri) {
    if (!iri.startsWith("file:")) {
      return null;
    }
    Path file = Path.of(URI.create(iri)).normalize();
    if (!file.startsWith(SCHEMAS) || !Files.isRegularFile(file)) {
      return null;
    }
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static SchemaLocation location(String file) {
    return SchemaLocation.of(SCHEMAS.resolve(file).toUri().toString());
  }

  @Test
  void theSchemasAreValidDraft202012Schemas() throws IOException {
    Schema meta =
        registry().getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
    for (String file :
        List.of(
            "analysis-report.schema.json",
            "diff-report.schema.json",
            "histogram-report.schema.json")) {
      JsonNode schema = JSON.readTree(SCHEMAS.resolve(file).toFile());
      assertThat(meta.validate(schema)).as(file).isEmpty();
    }
  }

  @Test
  void aPlainAnalysisMatchesTheSchema() throws IOException {
    JsonNode report = analyze(dump("d.hprof", 2_000, 100));

    assertValid(analysisSchema, report);
    assertThat(report.path("suspects")).isNotEmpty();
    report.path("suspects").forEach(s -> assertThat(s.get("growthBytes").isNull()).isTrue());
    assertThat(report.path("baselines")).isEmpty();
    assertThat(report.path("dump").get("truncated").isNull()).isTrue();
    assertThat(report.path("inspections")).as("the duplicate strings").isNotEmpty();
    assertThat(report.path("nativeMemory").path("holders")).as("the direct buffers").isNotEmpty();
  }

  @Test
  void anAnalysisWithABaselineMatchesTheSchema() throws IOException {
    Path old = dump("old.hprof", 1_000, 40);
    JsonNode report = analyze(dump("new.hprof", 2_000, 100), "--baseline", old.toString());

    assertValid(analysisSchema, report);
    assertThat(report.path("baselines")).hasSize(1);
    assertThat(report.path("suspects")).isNotEmpty();
    JsonNode first = report.path("suspects").get(0);
    assertThat(first.get("growthBytes").isIntegralNumber()).isTrue();
    assertThat(first.get("retainedSeries")).hasSize(2);
    assertThat(report.path("suspects").findValues("nativeSeries"))
        .as("a holder of direct buffers")
        .anyMatch(series -> series.size() == 2);
  }

  @Test
  void aLenientAnalysisOfATruncatedDumpMatchesTheSchema() throws IOException {
    Path whole = dump("whole.hprof", 2_000, 100);
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = Files.write(dir.resolve("cut.hprof"), Arrays.copyOf(bytes, bytes.length * 2 / 3));

    JsonNode report = analyze(cut, "--lenient");

    assertValid(analysisSchema, report);
    assertThat(report.path("dump").get("truncated").isObject()).isTrue();
  }

  @Test
  void aDiffMatchesItsSchema() throws IOException {
    Path old = dump("old.hprof", 1_000, 40);
    Path now = dump("new.hprof", 2_000, 100);
    Path json = dir.resolve("diff.json");

    CliRun run =
        CliRun.of(
            "diff", old.toString(), now.toString(), "-f", "json", "-o", json.toString(), "-q");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode diff = JSON.readTree(json.toFile());
    assertValid(diffSchema, diff);
    assertThat(diff.path("classes")).isNotEmpty();
    assertThat(diff.path("growingHolders")).isNotEmpty();
  }

  @Test
  void aHistogramMatchesItsSchemaAndABrokenOneDoesNot() throws IOException {
    Path dump = dump("d.hprof", 2_000, 100);
    Path json = dir.resolve("histogram.json");

    CliRun run = CliRun.of("histogram", dump.toString(), "-f", "json", "-o", json.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode histogram = JSON.readTree(json.toFile());
    assertValid(histogramSchema, histogram);
    assertThat(histogram.path("histogram")).isNotEmpty();

    assertThat(histogram.path("dump").get("truncated").isNull()).isTrue();
    byte[] bytes = Files.readAllBytes(dump);
    Path cut = Files.write(dir.resolve("cut.hprof"), Arrays.copyOf(bytes, bytes.length * 2 / 3));
    Path lenientJson = dir.resolve("lenient-histogram.json");
    CliRun lenient =
        CliRun.of(
            "histogram", cut.toString(), "--lenient", "-f", "json", "-o", lenientJson.toString());
    assertThat(lenient.exitCode()).as(lenient.err()).isZero();
    JsonNode cutHistogram = JSON.readTree(lenientJson.toFile());
    assertValid(histogramSchema, cutHistogram);
    assertThat(cutHistogram.path("dump").get("truncated").isObject()).isTrue();

    ObjectNode unknown = histogram.deepCopy();
    ((ObjectNode) unknown.path("histogram").get(0)).put("retainedBytes", 1);
    assertThat(histogramSchema.validate(unknown))
        .as("retained sizes it does not have")
        .isNotEmpty();
    ObjectNode missing = histogram.deepCopy();
    ((ObjectNode) missing.path("dump")).remove("objects");
    assertThat(histogramSchema.validate(missing)).as("no object count").isNotEmpty();
  }

  @Test
  void aReportWithAFieldOfTheWrongTypeFails() throws IOException {
    JsonNode report = analyze(dump("d.hprof", 2_000, 100));
    assertValid(analysisSchema, report);

    ObjectNode wrongType = report.deepCopy();
    ((ObjectNode) wrongType.path("dump"))
        .put("objects", wrongType.path("dump").path("objects").asText());
    assertThat(analysisSchema.validate(wrongType)).as("objects as a string").isNotEmpty();

    ObjectNode missing = report.deepCopy();
    ((ObjectNode) missing.path("suspects").get(0)).remove("growthBytes");
    assertThat(analysisSchema.validate(missing)).as("a suspect without growthBytes").isNotEmpty();

    ObjectNode unknown = report.deepCopy();
    ((ObjectNode) unknown.path("histogram").get(0)).put("retainedByte", 1);
    assertThat(analysisSchema.validate(unknown)).as("a misspelt histogram field").isNotEmpty();
  }

  private JsonNode analyze(Path dump, String... options) throws IOException {
    Path json = dir.resolve(dump.getFileName() + ".json");
    String[] args = {
      "analyze", dump.toString(), "--format", "json", "--output", json.toString(), "-q"
    };
    String[] all = Arrays.copyOf(args, args.length + options.length);
    System.arraycopy(options, 0, all, args.length, options.length);

    CliRun run = CliRun.of(all);

    assertThat(run.exitCode()).as(run.err()).isZero();
    return JSON.readTree(json.toFile());
  }

  private static void assertValid(Schema schema, JsonNode report) {
    List<Error> errors = schema.validate(report);
    assertThat(errors).as("schema errors").isEmpty();
  }

  /**
   * The one place this test builds dumps: a stable cache of 400 entries, a leak of {@code leaked}
   * requests with 100-byte bodies, 50 copies of one string (a duplicate-strings inspection), and
   * {@code leaked / 10} direct buffers of 1 MB with the JDK's fields, each with a slice.
   */
  private Path dump(String name, long time, int leaked) throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create().timestamp(time).shuffleObjects(time);
    ClassHandle cache = b.defineClass("a.Cache", b.objectClass());
    ClassHandle leak = b.defineClass("a.Leak", b.objectClass());
    ClassHandle names = b.defineClass("a.Names", b.objectClass());
    ClassHandle entry = b.defineClass("a.Entry", b.objectClass(), FieldSpec.ref("data"));
    ClassHandle request = b.defineClass("a.Request", b.objectClass(), FieldSpec.ref("body"));
    ClassHandle strings = b.arrayClass(b.stringClass());
    for (ClassHandle c :
        List.of(
            cache,
            leak,
            names,
            entry,
            request,
            b.arrayClass(entry),
            b.arrayClass(request),
            strings)) {
      b.stickyClass(c);
    }
    long[] entries = new long[400];
    for (int i = 0; i < entries.length; i++) {
      entries[i] = b.instance(entry, b.primitiveArray(new byte[200]).id()).id();
    }
    cache.staticField(FieldSpec.ref("MAP"), b.objectArray(b.arrayClass(entry), entries).id());
    long[] requests = new long[leaked];
    for (int i = 0; i < leaked; i++) {
      requests[i] = b.instance(request, b.primitiveArray(new byte[100]).id()).id();
    }
    leak.staticField(FieldSpec.ref("SEEN"), b.objectArray(b.arrayClass(request), requests).id());
    long[] copies = new long[50];
    for (int i = 0; i < copies.length; i++) {
      copies[i] = b.string("customer-status-pending").id();
    }
    names.staticField(FieldSpec.ref("ALL"), b.objectArray(strings, copies).id());
    ClassHandle buffer =
        b.defineClass("java.nio.Buffer", b.objectClass(), FieldSpec.of("capacity", int.class));
    ClassHandle direct =
        b.defineClass(
            "java.nio.DirectByteBuffer", buffer, FieldSpec.ref("att"), FieldSpec.ref("cleaner"));
    ClassHandle pool = b.defineClass("a.Pool", b.objectClass());
    b.stickyClass(pool);
    long[] buffers = new long[leaked / 10 * 2];
    for (int i = 0; i < buffers.length; i += 2) {
      buffers[i] = b.instance(direct, 0L, b.instance(b.objectClass()).id(), 1 << 20).id();
      buffers[i + 1] = b.instance(direct, buffers[i], 0L, 4096).id();
    }
    pool.staticField(FieldSpec.ref("BUFFERS"), b.objectArray(b.objectClass(), buffers).id());
    Path p = dir.resolve(name);
    b.writeTo(p);
    return p;
  }
}
