package io.leakscope.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leakscope.testing.StrictJson;
import io.leakscope.watchdog.json.JsonReader;
import io.leakscope.watchdog.json.JsonWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The reader against the test's own strict parser, on seeded random documents and by hand. */
class JsonReaderTest {

  @Test
  void randomNestedDocumentsReadAsTheStrictParserReadsThem() {
    for (int seed = 0; seed < 500; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      String json = JsonWriter.toJson(randomValue(random, 0));
      assertThat(numbersAsDoubles(JsonReader.parse(json)))
          .as(json)
          .isEqualTo(numbersAsDoubles(StrictJson.parse(json)));
    }
  }

  @Test
  void escapesAndWhitespaceAreRead() {
    assertThat(JsonReader.parse(" { \"a\\/b\" : [ \"\\u00e9\\n\\\"\" , -1.5e2 , true , null ] } "))
        .isEqualTo(map("a/b", list("é\n\"", -150.0, true, null)));
    assertThat(JsonReader.parse("{\"k\":{},\"l\":[],\"m\":[[]]}"))
        .isEqualTo(map("k", Map.of(), "l", List.of(), "m", List.of(List.of())));
    assertThat(JsonReader.parse("[0,-0.5,1E3,2e-2,12.25e+1,\"\\u00C9\\u00e9\"]"))
        .isEqualTo(list(0.0, -0.5, 1000.0, 0.02, 122.5, "Éé"));
  }

  @Test
  void malformedDocumentsAreRejectedWithTheOffset() {
    for (String bad :
        new String[] {
          "",
          "{",
          "[1,]",
          "{\"a\" 1}",
          "{\"a\":1,}",
          "\"open",
          "[1] 2",
          "{1:2}",
          "[1 2]",
          "nul",
          "[\"\\x\"]",
          "}",
          "+1",
          "01",
          "1.",
          ".5",
          "1e",
          "1e+",
          "-",
          "[-a]",
          "\"\\u+fff\"",
          "\"\\u-001\"",
          "\"\\u00g0\"",
          "\"\\u\uff10\uff10\uff14\uff11\""
        }) {
      assertThatThrownBy(() -> JsonReader.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("JSON at offset ");
    }
  }

  private static Object randomValue(SplittableRandom random, int depth) {
    int kind = random.nextInt(depth > 4 ? 4 : 6);
    switch (kind) {
      case 0:
        return random.nextBoolean() ? null : random.nextBoolean();
      case 1:
        return random.nextLong(-1_000_000, 1_000_000);
      case 2:
        return random.nextDouble() * 1000;
      case 3:
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(6); i > 0; i--) {
          s.append("a\"\\/\n\té€".charAt(random.nextInt(8)));
        }
        return s.toString();
      case 4:
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = random.nextInt(5); i > 0; i--) {
          map.put("k" + random.nextInt(10), randomValue(random, depth + 1));
        }
        return map;
      default:
        List<Object> list = new ArrayList<>();
        for (int i = random.nextInt(5); i > 0; i--) {
          list.add(randomValue(random, depth + 1));
        }
        return list;
    }
  }

  private static Object numbersAsDoubles(Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(k, numbersAsDoubles(v)));
      return out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(v -> out.add(numbersAsDoubles(v)));
      return out;
    }
    return value;
  }

  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  private static List<Object> list(Object... values) {
    List<Object> list = new ArrayList<>();
    for (Object v : values) {
      list.add(v);
    }
    return list;
  }
}
