package io.leakscope.cli;

import io.leakscope.analysis.report.AnalysisReport;
import io.leakscope.analysis.report.JsonReportWriter;
import io.leakscope.analysis.report.TextReportWriter;
import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The report formats of {@code --format}, spelled in lower case on the command line. */
enum ReportFormat {
  TEXT {
    @Override
    void write(AnalysisReport report, Writer out) throws IOException {
      new TextReportWriter().write(report, out);
    }
  },
  JSON {
    @Override
    void write(AnalysisReport report, Writer out) throws IOException {
      new JsonReportWriter().write(report, out);
    }
  };

  abstract void write(AnalysisReport report, Writer out) throws IOException;

  /** The name on the command line. */
  String optionValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code text} or {@code json}, in any case. */
  static final class Converter implements ITypeConverter<ReportFormat> {
    @Override
    public ReportFormat convert(String value) {
      for (ReportFormat format : values()) {
        if (format.optionValue().equalsIgnoreCase(value.strip())) {
          return format;
        }
      }
      throw new TypeConversionException(
          "'" + value + "' (expected: " + String.join(" or ", new Names()) + ")");
    }
  }

  /** The names, for help and shell completion. */
  static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(values()).map(ReportFormat::optionValue).iterator();
    }
  }
}
