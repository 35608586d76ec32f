package io.steadfast.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TypesTest {
  /** Fields whose generic types the JDK builds, to compare against. */
  @SuppressWarnings("unused")
  private static final class Samples {
    List<String> list;
    Map<String, List<Integer>> nested;
    List<? extends Number> upper;
    List<? super Integer> lower;
    List<?> unbounded;
    List<String>[] array;
    Map.Entry<String, Long> member;
  }

  private static Type jdk(String field) throws NoSuchFieldException {
    return Samples.class.getDeclaredField(field).getGenericType();
  }

  @Test
  void buildsTypesEqualToTheJdksInBothDirections() throws Exception {
    assertEqualBothWays(Types.parameterized(List.class, String.class), jdk("list"));
    assertEqualBothWays(
        Types.parameterized(
            Map.class, String.class, Types.parameterized(List.class, Integer.class)),
        jdk("nested"));
    assertEqualBothWays(
        Types.parameterized(List.class, Types.subtypeOf(Number.class)), jdk("upper"));
    assertEqualBothWays(
        Types.parameterized(List.class, Types.supertypeOf(Integer.class)), jdk("lower"));
    assertEqualBothWays(
        Types.parameterized(List.class, Types.subtypeOf(Object.class)), jdk("unbounded"));
    assertEqualBothWays(Types.arrayOf(Types.parameterized(List.class, String.class)), jdk("array"));
    assertEqualBothWays(
        Types.parameterized(Map.Entry.class, String.class, Long.class), jdk("member"));
  }

  @Test
  void printsLikeSource() {
    assertThat(
            Types.parameterized(Map.class, String.class, Types.subtypeOf(Number.class))
                .getTypeName())
        .isEqualTo("java.util.Map<java.lang.String, ? extends java.lang.Number>");
  }

  @Test
  void rejectsTheWrongNumberOfArguments() {
    assertThatThrownBy(() -> Types.parameterized(Map.class, String.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.util.Map takes 2 type arguments");
  }

  private static void assertEqualBothWays(Type ours, Type jdks) {
    assertThat(ours).isEqualTo(jdks);
    assertThat(jdks).isEqualTo(ours);
    assertThat(ours.hashCode()).isEqualTo(jdks.hashCode());
  }
}
