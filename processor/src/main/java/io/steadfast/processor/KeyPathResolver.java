package io.steadfast.processor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Resolves a key path such as {@code "order.id"} against a payload type into accessor calls: record
 * components, {@code getX()}, {@code isX()} (booleans), or a no-argument method named like the
 * property. Unknown names get a "did you mean" from the readable properties of the type.
 */
final class KeyPathResolver {
  private final Elements elements;
  private final Types types;
  private final KeyTypes keyTypes;

  KeyPathResolver(Elements elements, Types types, KeyTypes keyTypes) {
    this.elements = elements;
    this.types = types;
    this.keyTypes = keyTypes;
  }

  /** Why a path does not resolve: a catalogue entry and its arguments after path and method. */
  record Failure(Problem problem, List<Object> details) {}

  /** Either a path or the reason it failed. */
  record Result(KeyPath path, Failure failure) {}

  /**
   * Resolves {@code path} on {@code payload} for a class generated in {@code from}: only accessors
   * that class can call are readable.
   */
  Result resolve(String path, TypeMirror payload, PackageElement from) {
    String[] names = path.split("\\.", -1);
    for (String name : names) {
      if (!SourceVersion.isIdentifier(name) || SourceVersion.isKeyword(name)) {
        return failure(Problem.KEY_PATH_MALFORMED);
      }
    }
    List<KeyPath.Step> steps = new ArrayList<>();
    Set<String> locals = new HashSet<>(Set.of("payload"));
    TypeMirror current = payload;
    for (String name : names) {
      current = upperBound(current);
      Map<String, ExecutableElement> properties = readableProperties(current, from);
      ExecutableElement accessor = properties.get(name);
      if (accessor == null) {
        return failure(
            Problem.KEY_PATH_UNKNOWN_PROPERTY, current, name, suggestion(name, properties));
      }
      ExecutableType member = (ExecutableType) types.asMemberOf((DeclaredType) current, accessor);
      steps.add(new KeyPath.Step(accessor.getSimpleName().toString(), localName(name, locals)));
      current = member.getReturnType();
    }
    current = upperBound(current);
    if (!keyTypes.isStringConvertible(current)) {
      return failure(Problem.KEY_PATH_NOT_CONVERTIBLE, current);
    }
    KeyPath.Ending ending =
        current.getKind().isPrimitive()
            ? KeyPath.Ending.PRIMITIVE
            : isString(current) ? KeyPath.Ending.STRING : KeyPath.Ending.OBJECT;
    return new Result(new KeyPath(path, steps, ending), null);
  }

  /** Readable properties of {@code type} by name, in name order. */
  private Map<String, ExecutableElement> readableProperties(TypeMirror type, PackageElement from) {
    Map<String, ExecutableElement> byName = new TreeMap<>();
    if (type.getKind() != TypeKind.DECLARED) {
      return byName;
    }
    TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
    List<ExecutableElement> methods = new ArrayList<>();
    for (ExecutableElement m : ElementFilter.methodsIn(elements.getAllMembers(element))) {
      if (isAccessor(m, from)) {
        methods.add(m);
      }
    }
    // Plain names first, so that the conventional getX()/isX() forms win a name they share.
    for (ExecutableElement m : methods) {
      String name = m.getSimpleName().toString();
      if (!isGetter(m) && !isBooleanGetter(m)) {
        byName.put(name, m);
      }
    }
    for (ExecutableElement m : methods) {
      String name = m.getSimpleName().toString();
      if (isBooleanGetter(m)) {
        byName.put(decapitalize(name.substring(2)), m);
      }
    }
    for (ExecutableElement m : methods) {
      if (isGetter(m)) {
        byName.put(decapitalize(m.getSimpleName().toString().substring(3)), m);
      }
    }
    if (element.getKind() == ElementKind.RECORD) {
      for (RecordComponentElement c : element.getRecordComponents()) {
        byName.put(c.getSimpleName().toString(), c.getAccessor());
      }
    }
    return byName;
  }

  private static boolean isGetter(ExecutableElement m) {
    String name = m.getSimpleName().toString();
    return name.startsWith("get") && name.length() > 3 && Character.isUpperCase(name.charAt(3));
  }

  private boolean isBooleanGetter(ExecutableElement m) {
    String name = m.getSimpleName().toString();
    return name.startsWith("is")
        && name.length() > 2
        && Character.isUpperCase(name.charAt(2))
        && isBoolean(m.getReturnType());
  }

  private boolean isAccessor(ExecutableElement m, PackageElement from) {
    Set<Modifier> modifiers = m.getModifiers();
    TypeElement owner = (TypeElement) m.getEnclosingElement();
    boolean visible =
        modifiers.contains(Modifier.PUBLIC)
            || (!modifiers.contains(Modifier.PRIVATE) && elements.getPackageOf(m).equals(from));
    return visible
        && !modifiers.contains(Modifier.STATIC)
        && m.getParameters().isEmpty()
        && m.getTypeParameters().isEmpty()
        && m.getReturnType().getKind() != TypeKind.VOID
        && !owner.getQualifiedName().contentEquals("java.lang.Object")
        && !m.getSimpleName().contentEquals("hashCode")
        && !m.getSimpleName().contentEquals("toString");
  }

  /** " Did you mean "x"?" for a near name, else the list of readable properties. */
  static String suggestion(String wanted, Map<String, ExecutableElement> properties) {
    if (properties.isEmpty()) {
      return " It has no readable properties.";
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : properties.keySet()) {
      int d = distance(wanted.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    if (bestDistance <= Math.max(1, Math.min(3, wanted.length() / 3))) {
      return " Did you mean \"" + best + "\"?";
    }
    return " Readable properties: " + String.join(", ", properties.keySet()) + ".";
  }

  /**
   * Optimal string alignment distance: insertions, deletions, substitutions and transpositions of
   * two adjacent characters each count 1, so "emial" is one edit from "email".
   */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  /** As JavaBeans does it: {@code getOrderId} gives "orderId", {@code getURL} gives "URL". */
  private static String decapitalize(String name) {
    if (name.length() > 1 && Character.isUpperCase(name.charAt(1))) {
      return name;
    }
    return Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }

  private static String localName(String property, Set<String> taken) {
    String name = SourceVersion.isKeyword(property) ? property + "Value" : property;
    String unique = name;
    for (int i = 2; !taken.add(unique); i++) {
      unique = name + i;
    }
    return unique;
  }

  private TypeMirror upperBound(TypeMirror type) {
    return type.getKind() == TypeKind.TYPEVAR ? ((TypeVariable) type).getUpperBound() : type;
  }

  private boolean isBoolean(TypeMirror type) {
    return type.getKind() == TypeKind.BOOLEAN
        || (type.getKind() == TypeKind.DECLARED && type.toString().equals("java.lang.Boolean"));
  }

  private static boolean isString(TypeMirror type) {
    return type.getKind() == TypeKind.DECLARED && type.toString().equals("java.lang.String");
  }

  private static Result failure(Problem problem, Object... details) {
    return new Result(null, new Failure(problem, List.of(details)));
  }
}
