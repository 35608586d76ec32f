package io.steadfast.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import java.io.IOException;
import java.lang.reflect.Type;

/**
 * JSON via Jackson. The default mapper never enables default typing and its polymorphic type
 * validator allows no class names, so a message can never choose which class gets instantiated;
 * unknown properties are ignored so producers can add fields first.
 */
public final class JsonCodec implements Codec {
  public static final String CONTENT_TYPE = "application/json";

  private final ObjectMapper mapper;

  /** Uses {@link #defaultMapper()}. */
  public JsonCodec() {
    this(defaultMapper());
  }

  /** Uses the caller's mapper (its typing settings are the caller's responsibility). */
  public JsonCodec(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** A mapper that refuses class names from the message and tolerates unknown properties. */
  public static ObjectMapper defaultMapper() {
    return JsonMapper.builder()
        .polymorphicTypeValidator(BasicPolymorphicTypeValidator.builder().build())
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();
  }

  @Override
  public String contentType() {
    return CONTENT_TYPE;
  }

  @Override
  public boolean canEncode(Object payload) {
    return true;
  }

  @Override
  public byte[] encode(Object payload) {
    try {
      return mapper.writeValueAsBytes(payload);
    } catch (JsonProcessingException e) {
      throw new CodecException(
          "cannot encode " + payload.getClass().getName() + " as JSON: " + e.getOriginalMessage(),
          e);
    }
  }

  @Override
  public boolean canDecode(Type type) {
    return true;
  }

  @Override
  public Object decode(byte[] body, Type type) {
    JavaType javaType = mapper.constructType(type);
    try {
      Object value = mapper.readValue(body, javaType);
      if (value == null) {
        throw new CodecException("JSON body is null, expected " + javaType);
      }
      return value;
    } catch (IOException e) {
      throw new CodecException("body is not JSON for " + javaType + ": " + e.getMessage(), e);
    }
  }
}
