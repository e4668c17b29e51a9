package corpus.app;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/** Writes {@link Money} in the format the requesting client asked for. */
public final class MoneySerializer extends StdSerializer<Money> {
  private static final long serialVersionUID = 1L;

  final String requestId;
  final String clientFormat;

  MoneySerializer(String requestId, String clientFormat) {
    super(Money.class);
    this.requestId = requestId;
    this.clientFormat = clientFormat;
  }

  @Override
  public void serialize(Money value, JsonGenerator gen, SerializerProvider provider)
      throws IOException {
    gen.writeString(String.format(clientFormat, value.amount, value.currency));
  }
}
