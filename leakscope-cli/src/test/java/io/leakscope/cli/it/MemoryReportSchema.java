package io.leakscope.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The published schema of {@code leakscope memory --json}, {@code
 * docs/schema/memory-report.schema.json}, loaded from the project's docs (never the network).
 */
public final class MemoryReportSchema {
  /** The module's basedir is leakscope-cli; the schemas live at the project root. */
  public static final Path FILE =
      Path.of("..", "docs", "schema", "memory-report.schema.json").toAbsolutePath().normalize();

  private static final Schema SCHEMA =
      SchemaRegistry.withDefaultDialect(
              SpecificationVersion.DRAFT_2020_12,
              builder -> builder.schemas(MemoryReportSchema::localSchema))
          .getSchema(SchemaLocation.of(FILE.toUri().toString()));

  private MemoryReportSchema() {}

  /** The schema's text for its own IRI; null (nothing fetched) for any other. */
  private static String localSchema(String iri) {
    if (!iri.startsWith("file:") || !Path.of(URI.create(iri)).normalize().equals(FILE)) {
      return null;
    }
    try {
      return Files.readString(FILE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The errors of {@code report} against the schema; empty when it is valid. */
  public static List<Error> validate(JsonNode report) {
    return SCHEMA.validate(report);
  }

  public static void assertValid(JsonNode report) {
    assertThat(validate(report)).as("schema errors of %s", report).isEmpty();
  }
}
