package io.leakscope.watchdog.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.leakscope.watchdog.json.JsonReader;
import io.leakscope.watchdog.json.JsonWriter;
import java.nio.charset.StandardCharsets;

/**
 * The JSON reader over arbitrary text (the fuzzer's bytes as UTF-8): it either reads one value or
 * throws its documented {@link IllegalArgumentException} naming the offset; any other exception, an
 * error such as {@code OutOfMemoryError}, or a hang escapes to Jazzer and is a finding. What it
 * reads, the writer writes and the reader reads back equal (escaped lone surrogates and control
 * characters included). Seeds: {@code JsonReaderFuzzTestInputs/}.
 */
class JsonReaderFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void readerFailsOnlyWithItsExceptionAndWhatItReadsRoundTrips(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    Object value;
    try {
      value = JsonReader.parse(text);
    } catch (IllegalArgumentException expected) {
      String message = expected.getMessage();
      if (message == null || !message.startsWith("JSON at offset ")) {
        throw new AssertionError("not the reader's own error", expected);
      }
      return;
    }
    String written = JsonWriter.toJson(value);
    Object reread = JsonReader.parse(written);
    // the only loss: a number beyond the double range reads as infinite, which is written as null
    Object expected = JsonValues.normalized(value);
    if (!expected.equals(JsonValues.normalized(reread))) {
      throw new AssertionError(
          "read " + expected + " from " + text + ", wrote " + written + ", read back " + reread);
    }
  }
}
