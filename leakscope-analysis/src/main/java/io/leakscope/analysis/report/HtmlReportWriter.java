package io.leakscope.analysis.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Writes an {@link AnalysisReport} as one self-contained HTML page: the leak suspects with growth
 * charts, a dominator tree that opens on click, a sortable and filterable histogram, memory waste
 * and timings. The page works offline and loads nothing: no CDN, no fonts, no images.
 *
 * <p>Design note. The page is a fixed shell, the report's JSON (written by {@link
 * JsonReportWriter}, so it has every field of the JSON contract) in a {@code <script
 * type="application/json">} block, and a script that builds the page from that data in the browser
 * (CSS and script are resources of this package, inlined at write time). Building in the browser
 * keeps the file small for a histogram of 50,000 classes (one JSON row each, of which the page
 * shows 500 at a time) and the dominator tree, whose deeper levels become DOM nodes only when a
 * person opens them.
 *
 * <p>Names from the dump are hostile input: a class name may contain {@code </script>}. The page
 * script inserts them as text nodes only, never as markup. In the data block every {@code <} is
 * written as {@code \}{@code u003c}, so neither {@code </script} nor {@code <!--} (which changes
 * how the HTML parser ends a script) can occur in it; {@code <} only occurs inside JSON strings,
 * where the escape means the same character. Every non-ASCII character is escaped too, so the file
 * is ASCII whatever the writer's encoding. Finally the Content-Security-Policy forbids every fetch
 * and admits only this page's own style and script, by their SHA-256 hashes: markup that slipped in
 * anyway could neither run script nor reach the network.
 *
 * <p>Instances are stateless and thread-safe.
 */
public final class HtmlReportWriter {

  /** Creates a writer. */
  public HtmlReportWriter() {}

  /**
   * Writes {@code report} to {@code out} as a complete HTML document. The output is ASCII. Does not
   * flush or close {@code out}; pass a buffered writer for speed.
   *
   * @param report the report, not null
   * @param out where to write, not null
   * @throws IOException if {@code out} fails
   * @throws IllegalStateException if the page's CSS or script is missing from the class path (a
   *     broken build)
   */
  public void write(AnalysisReport report, Writer out) throws IOException {
    Assets assets = Assets.INSTANCE;
    out.write(assets.head);
    new JsonReportWriter().write(report, new ScriptDataWriter(out));
    out.write(assets.tail);
  }

  /** The fixed parts of the page, read and hashed once. */
  private static final class Assets {
    static final Assets INSTANCE = new Assets(read("html-report.css"), read("html-report.js"));

    final String head;
    final String tail;

    private Assets(String css, String script) {
      String policy =
          "default-src 'none'; style-src '"
              + sha256(css)
              + "'; script-src '"
              + sha256(script)
              + "'; base-uri 'none'; form-action 'none'";
      head =
          "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
              + "<meta http-equiv=\"Content-Security-Policy\" content=\""
              + policy
              + "\">\n"
              + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
              + "<meta name=\"generator\" content=\"leakscope\">\n"
              + "<title>leakscope heap report</title>\n"
              + "<style>"
              + css
              + "</style>\n"
              + "</head>\n"
              + "<body>\n"
              + "<noscript><p>This report is drawn by JavaScript, which is off. Its data is the"
              + " JSON in the leakscope-data block of this file.</p></noscript>\n"
              + "<main id=\"app\"></main>\n"
              + "<script type=\"application/json\" id=\"leakscope-data\">\n";
      tail = "</script>\n<script>" + script + "</script>\n</body>\n</html>\n";
    }

    private static String read(String name) {
      try (InputStream in = HtmlReportWriter.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException(
              "resource " + name + " of " + HtmlReportWriter.class.getName() + " is missing");
        }
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        // the hashes in the policy must match what the browser decodes, whatever the charset
        if (!text.chars().allMatch(c -> c < 0x80) || text.contains("</")) {
          throw new IllegalStateException(
              "resource " + name + ": must be ASCII and must not contain '</'");
        }
        return text;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read resource " + name, e);
      }
    }

    private static String sha256(String text) {
      try {
        byte[] digest =
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        return "sha256-" + Base64.getEncoder().encodeToString(digest);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java platform has SHA-256", e);
      }
    }
  }

  /**
   * Passes JSON through to the page, escaping {@code <} and non-ASCII characters as {@code \}{@code
   * uXXXX}. Valid for JSON text only: those characters can occur only inside strings.
   */
  private static final class ScriptDataWriter extends Writer {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Writer out;
    private final char[] escape = {'\\', 'u', '0', '0', '0', '0'};

    ScriptDataWriter(Writer out) {
      this.out = out;
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
      int start = off;
      int end = off + len;
      for (int i = off; i < end; i++) {
        if (needsEscape(buf[i])) {
          out.write(buf, start, i - start);
          writeEscape(buf[i]);
          start = i + 1;
        }
      }
      out.write(buf, start, end - start);
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
      int start = off;
      int end = off + len;
      for (int i = off; i < end; i++) {
        if (needsEscape(s.charAt(i))) {
          out.write(s, start, i - start);
          writeEscape(s.charAt(i));
          start = i + 1;
        }
      }
      out.write(s, start, end - start);
    }

    private static boolean needsEscape(char c) {
      return c == '<' || c >= 0x7f;
    }

    private void writeEscape(char c) throws IOException {
      escape[2] = HEX[(c >> 12) & 0xf];
      escape[3] = HEX[(c >> 8) & 0xf];
      escape[4] = HEX[(c >> 4) & 0xf];
      escape[5] = HEX[c & 0xf];
      out.write(escape);
    }

    @Override
    public void flush() {
      // the caller flushes the real writer
    }

    @Override
    public void close() {
      // the caller owns the real writer
    }
  }
}
