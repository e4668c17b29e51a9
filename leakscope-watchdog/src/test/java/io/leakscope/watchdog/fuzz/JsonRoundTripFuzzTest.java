package io.leakscope.watchdog.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.leakscope.watchdog.json.JsonReader;
import io.leakscope.watchdog.json.JsonWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writer then reader over values built from the fuzzer's bytes: strings of any UTF-16 code units
 * (lone surrogates and control characters included), longs, doubles (non-finite ones are written as
 * null), booleans, null, and nested maps and lists. The reader must give back exactly what was
 * written, the text must be one line, and its UTF-8 encoding must decode to the same text (no raw
 * lone surrogate). Seeds: {@code JsonRoundTripFuzzTestInputs/}.
 */
class JsonRoundTripFuzzTest {
  private static final int MAX_DEPTH = 8;

  @FuzzTest(maxDuration = "30s")
  void writtenValuesReadBackExactly(FuzzedDataProvider data) {
    Object value = value(data, 0);
    String json = JsonWriter.toJson(value);
    if (json.indexOf('\n') >= 0 || json.indexOf('\r') >= 0) {
      throw new AssertionError("not one line: " + json);
    }
    if (!new String(json.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(json)) {
      throw new AssertionError("not valid once encoded as UTF-8: " + json);
    }
    Object read = JsonReader.parse(json);
    Object expected = JsonValues.normalized(value);
    if (!expected.equals(JsonValues.normalized(read))) {
      throw new AssertionError("wrote " + expected + " as " + json + ", read back " + read);
    }
  }

  private static Object value(FuzzedDataProvider data, int depth) {
    switch (data.consumeInt(0, depth < MAX_DEPTH ? 6 : 4)) {
      case 0:
        return null;
      case 1:
        return data.consumeBoolean();
      case 2:
        return data.consumeLong();
      case 3:
        return data.consumeDouble();
      case 4:
        return string(data);
      case 5:
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = data.consumeInt(0, 4); i > 0; i--) {
          map.put(string(data), value(data, depth + 1));
        }
        return map;
      default:
        List<Object> list = new ArrayList<>();
        for (int i = data.consumeInt(0, 4); i > 0; i--) {
          list.add(value(data, depth + 1));
        }
        return list;
    }
  }

  /** Any UTF-16 code units, not only well-formed text: the writer must keep every one. */
  private static String string(FuzzedDataProvider data) {
    char[] chars = new char[data.consumeInt(0, 16)];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = data.consumeChar();
    }
    return new String(chars);
  }
}
