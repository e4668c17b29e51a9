package corpus.app;

import java.util.List;

/** Reference data: one country. */
public final class Country {
  final String code;
  final String name;
  final List<String> neighbours;
  final byte[] flag = new byte[2_048];

  Country(String code, String name, List<String> neighbours) {
    this.code = code;
    this.name = name;
    this.neighbours = neighbours;
  }
}
