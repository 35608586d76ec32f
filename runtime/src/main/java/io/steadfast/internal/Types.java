package io.steadfast.internal;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Builds generic {@link Type}s, so that generated consumers can hand the codec a payload type such
 * as {@code List<OrderLine>}. The results are equal to the JDK's own reflective types.
 */
public final class Types {
  private Types() {}

  /** {@code raw<args...>}, e.g. {@code parameterized(List.class, OrderLine.class)}. */
  public static ParameterizedType parameterized(Class<?> raw, Type... args) {
    if (raw.getTypeParameters().length != args.length) {
      throw new IllegalArgumentException(
          raw.getName() + " takes " + raw.getTypeParameters().length + " type arguments");
    }
    return new Parameterized(raw, args.clone());
  }

  /** {@code component[]} for a generic component type. */
  public static GenericArrayType arrayOf(Type component) {
    return new GenericArray(Objects.requireNonNull(component, "component"));
  }

  /** {@code ? extends bound}. */
  public static WildcardType subtypeOf(Type bound) {
    return new Wildcard(new Type[] {bound}, new Type[0]);
  }

  /** {@code ? super bound}. */
  public static WildcardType supertypeOf(Type bound) {
    return new Wildcard(new Type[] {Object.class}, new Type[] {bound});
  }

  private record Parameterized(Class<?> raw, Type[] args) implements ParameterizedType {
    @Override
    public Type[] getActualTypeArguments() {
      return args.clone();
    }

    @Override
    public Type getRawType() {
      return raw;
    }

    @Override
    public Type getOwnerType() {
      return raw.getDeclaringClass();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ParameterizedType p
          && raw.equals(p.getRawType())
          && Objects.equals(getOwnerType(), p.getOwnerType())
          && Arrays.equals(args, p.getActualTypeArguments());
    }

    @Override
    public int hashCode() {
      // The JDK's formula, so that equal types hash alike across implementations.
      return Arrays.hashCode(args) ^ Objects.hashCode(getOwnerType()) ^ raw.hashCode();
    }

    @Override
    public String toString() {
      return raw.getTypeName()
          + Arrays.stream(args).map(Type::getTypeName).collect(Collectors.joining(", ", "<", ">"));
    }
  }

  private record GenericArray(Type component) implements GenericArrayType {
    @Override
    public Type getGenericComponentType() {
      return component;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof GenericArrayType a && component.equals(a.getGenericComponentType());
    }

    @Override
    public int hashCode() {
      return component.hashCode();
    }

    @Override
    public String toString() {
      return component.getTypeName() + "[]";
    }
  }

  private record Wildcard(Type[] upper, Type[] lower) implements WildcardType {
    @Override
    public Type[] getUpperBounds() {
      return upper.clone();
    }

    @Override
    public Type[] getLowerBounds() {
      return lower.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof WildcardType w
          && Arrays.equals(upper, w.getUpperBounds())
          && Arrays.equals(lower, w.getLowerBounds());
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(upper) ^ Arrays.hashCode(lower);
    }

    @Override
    public String toString() {
      if (lower.length > 0) {
        return "? super " + lower[0].getTypeName();
      }
      return upper[0] == Object.class ? "?" : "? extends " + upper[0].getTypeName();
    }
  }
}
