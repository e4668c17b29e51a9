package io.leakscope.cli;

import io.leakscope.analysis.report.AnalysisReport;
import io.leakscope.analysis.report.HtmlReportWriter;
import io.leakscope.analysis.report.JsonReportWriter;
import io.leakscope.analysis.report.TextReportWriter;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
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
  },
  HTML {
    @Override
    void write(AnalysisReport report, Writer out) throws IOException {
      new HtmlReportWriter().write(report, out);
    }
  };

  abstract void write(AnalysisReport report, Writer out) throws IOException;

  /** The name on the command line. */
  String optionValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code text}, {@code json} or {@code html}, in any case. */
  static final class Converter implements ITypeConverter<ReportFormat> {
    @Override
    public ReportFormat convert(String value) {
      for (ReportFormat format : values()) {
        if (format.optionValue().equalsIgnoreCase(value.strip())) {
          return format;
        }
      }
      throw new TypeConversionException("'" + value + "' (expected: " + choices() + ")");
    }

    /** {@code "a, b or c"}. */
    private static String choices() {
      List<String> names = new ArrayList<>();
      new Names().forEach(names::add);
      int last = names.size() - 1;
      return last == 0
          ? names.get(0)
          : String.join(", ", names.subList(0, last)) + " or " + names.get(last);
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
