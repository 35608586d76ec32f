package io.steadfast.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodecsTest {
  private final Codecs codecs = Codecs.defaults();

  public record Order(String id, int amount) {}

  /** A field of a type Jackson could pick by class name if default typing were on. */
  public record Holder(Object value) {}

  @Test
  void jsonRoundTripWithContentType() {
    Codec codec = codecs.encoderFor(new Order("o-1", 5));
    byte[] body = codec.encode(new Order("o-1", 5));

    assertThat(codec.contentType()).isEqualTo("application/json");
    assertThat(codecs.decode(body, codec.contentType(), Order.class))
        .isEqualTo(new Order("o-1", 5));
  }

  @Test
  void genericTypesDecode() {
    byte[] body = "[{\"id\":\"a\",\"amount\":1}]".getBytes(StandardCharsets.UTF_8);

    Object decoded =
        codecs.decode(body, "application/json", new TypeReference<List<Order>>() {}.getType());

    assertThat(decoded).isEqualTo(List.of(new Order("a", 1)));
  }

  @Test
  void stringsAndBytesPassThrough() {
    byte[] raw = {0, (byte) 0xff, 7};
    assertThat(codecs.encoderFor(raw).contentType()).isEqualTo("application/octet-stream");
    assertThat(codecs.encoderFor(raw).encode(raw)).isEqualTo(raw);
    assertThat(codecs.decode(raw, null, byte[].class)).isEqualTo(raw);

    Codec text = codecs.encoderFor("héllo");
    assertThat(text.contentType()).startsWith("text/plain");
    assertThat(codecs.decode(text.encode("héllo"), text.contentType(), String.class))
        .isEqualTo("héllo");
  }

  @Test
  void messagesWithoutContentTypeAreDecodedByTargetType() {
    byte[] body = "{\"id\":\"x\",\"amount\":2}".getBytes(StandardCharsets.UTF_8);

    assertThat(codecs.decode(body, null, Order.class)).isEqualTo(new Order("x", 2));
    assertThat(codecs.decode(body, null, String.class)).isEqualTo("{\"id\":\"x\",\"amount\":2}");
  }

  @Test
  void classNamesInTheMessageAreNeverInstantiated() {
    byte[] body =
        "{\"value\":[\"java.net.URL\",\"http://example.invalid\"]}"
            .getBytes(StandardCharsets.UTF_8);

    Holder decoded = (Holder) codecs.decode(body, "application/json", Holder.class);

    assertThat(decoded.value()).isInstanceOf(List.class);
  }

  @Test
  void badInputIsACodecException() {
    byte[] notJson = "not json".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> codecs.decode(notJson, "application/json", Order.class))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("not JSON");
    assertThatThrownBy(
            () -> codecs.decode("null".getBytes(StandardCharsets.UTF_8), null, Order.class))
        .isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> codecs.decode(new byte[] {(byte) 0xc3}, null, String.class))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("UTF-8");
    assertThatThrownBy(() -> codecs.decode(new byte[] {1}, "application/octet-stream", Order.class))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("no codec");
  }
}
