package io.steadfast.processor;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Types;

/**
 * Writes a {@code java.lang.reflect.Type} expression for a payload type: a class literal when the
 * type has no type arguments, else calls to the runtime's {@code io.steadfast.internal.Types}.
 */
final class ReflectTypes {
  private ReflectTypes() {}

  static CodeBlock expression(TypeMirror type, Types types) {
    if (!isGeneric(type)) {
      return CodeBlock.of("$T.class", TypeName.get(types.erasure(type)));
    }
    switch (type.getKind()) {
      case DECLARED:
        List<CodeBlock> args = new ArrayList<>();
        args.add(CodeBlock.of("$T.class", TypeName.get(types.erasure(type))));
        for (TypeMirror arg : ((DeclaredType) type).getTypeArguments()) {
          args.add(expression(arg, types));
        }
        return CodeBlock.of("$T.parameterized($L)", Names.TYPES, CodeBlock.join(args, ", "));
      case ARRAY:
        return CodeBlock.of(
            "$T.arrayOf($L)",
            Names.TYPES,
            expression(((ArrayType) type).getComponentType(), types));
      case WILDCARD:
        WildcardType w = (WildcardType) type;
        if (w.getSuperBound() != null) {
          return CodeBlock.of(
              "$T.supertypeOf($L)", Names.TYPES, expression(w.getSuperBound(), types));
        }
        TypeMirror bound = w.getExtendsBound();
        return CodeBlock.of(
            "$T.subtypeOf($L)",
            Names.TYPES,
            bound == null ? CodeBlock.of("$T.class", Object.class) : expression(bound, types));
      default:
        throw new IllegalArgumentException("not a decodable type: " + type);
    }
  }

  /** Whether a class literal would lose information (type arguments or wildcards). */
  private static boolean isGeneric(TypeMirror type) {
    return switch (type.getKind()) {
      case DECLARED -> !((DeclaredType) type).getTypeArguments().isEmpty();
      case ARRAY -> isGeneric(((ArrayType) type).getComponentType());
      case WILDCARD -> true;
      default -> type.getKind() == TypeKind.TYPEVAR;
    };
  }
}
