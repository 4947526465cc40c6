package io.github.aicpulaunch.architecture;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.SourceCodeLocation;
import com.tngtech.archunit.core.domain.properties.HasSourceCodeLocation;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvent;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Source lines for violation messages. ArchUnit records the line of every access (a call, a field
 * read, a {@code new}), but reports a declaration (a class's supertype, a member's signature, a
 * field's type, a class-level condition) at line 0, which names no place a reader can go to. {@link
 * #located(ArchRule)} replaces such a line 0 with the nearest line the class file records:
 *
 * <ul>
 *   <li>a method or constructor: its first line of code;
 *   <li>a field: the line that assigns it in its own class (its initialiser);
 *   <li>a class: its first line of code, which is the line of its declaration when the compiler
 *       wrote the constructor.
 * </ul>
 *
 * An interface with only abstract methods has no line in its class file; its violations keep line
 * 0.
 */
final class Locations {
  /** {@code (File.java:0)}, as {@link SourceCodeLocation#toString()} writes it. */
  private static final Pattern LINE_ZERO = Pattern.compile("\\(([^()\\s:]+):0\\)");

  private Locations() {}

  /** {@code rule}, with each line-0 location in its violations replaced by a line of source. */
  static ArchRule located(ArchRule rule) {
    return rule instanceof LocatedRule ? rule : new LocatedRule(rule);
  }

  /** Where {@code javaClass} is declared, as closely as its class file tells. */
  static SourceCodeLocation of(JavaClass javaClass) {
    return SourceCodeLocation.of(javaClass, classLine(javaClass).orElse(0));
  }

  /** Where {@code member} is declared or, for a field, assigned. */
  static SourceCodeLocation of(JavaMember member) {
    JavaClass owner = member.getOwner();
    return SourceCodeLocation.of(owner, memberLine(member).orElse(classLine(owner).orElse(0)));
  }

  private static OptionalInt classLine(JavaClass javaClass) {
    return Stream.concat(
            javaClass.getCodeUnits().stream(), javaClass.getStaticInitializer().stream())
        .mapToInt(codeUnit -> codeUnit.getSourceCodeLocation().getLineNumber())
        .filter(line -> line > 0)
        .min();
  }

  private static OptionalInt memberLine(JavaMember member) {
    if (member instanceof JavaCodeUnit codeUnit) {
      return positive(codeUnit.getSourceCodeLocation().getLineNumber());
    }
    if (member instanceof JavaField field) {
      // The initialiser writes the field in its own class; else the first use there.
      List<JavaFieldAccess> own =
          field.getAccessesToSelf().stream()
              .filter(access -> access.getOriginOwner().equals(field.getOwner()))
              .toList();
      OptionalInt write =
          own.stream()
              .filter(access -> access.getAccessType() == JavaFieldAccess.AccessType.SET)
              .mapToInt(JavaAccess::getLineNumber)
              .filter(line -> line > 0)
              .min();
      return write.isPresent()
          ? write
          : own.stream().mapToInt(JavaAccess::getLineNumber).filter(line -> line > 0).min();
    }
    return OptionalInt.empty();
  }

  private static OptionalInt positive(int line) {
    return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
  }

  /**
   * The line for one line of a violation's description. ArchUnit starts the description of a
   * dependency or an access with its origin's ("Method &lt;..&gt; has parameter of type ..", "Class
   * &lt;..&gt; implements .."), so that declaration is looked up among the imported classes; a
   * description of another shape is located by the violation's own object.
   */
  private static OptionalInt lineFor(
      String description, Collection<?> objects, JavaClasses classes) {
    OptionalInt declared = declarationLine(description, classes);
    if (declared.isPresent() || objects.size() != 1) {
      return declared;
    }
    return objectLine(objects.iterator().next());
  }

  private static OptionalInt declarationLine(String description, JavaClasses classes) {
    int open = description.indexOf('<');
    if (open < 0) {
      return OptionalInt.empty();
    }
    String kind = description.substring(0, open).trim();
    String named = description.substring(open + 1);
    String owner;
    if (kind.equals("Class")) {
      owner = named.substring(0, Math.max(named.indexOf('>'), 0));
    } else {
      int end = kind.equals("Field") ? named.indexOf('>') : named.indexOf('(');
      String member = named.substring(0, Math.max(end, 0));
      if (member.endsWith(".<init>") || member.endsWith(".<clinit>")) {
        member = member.substring(0, member.lastIndexOf(".<"));
        owner = member;
      } else {
        owner = member.substring(0, Math.max(member.lastIndexOf('.'), 0));
      }
    }
    if (owner.isEmpty() || !classes.contain(owner)) {
      return OptionalInt.empty();
    }
    JavaClass javaClass = classes.get(owner);
    if (kind.equals("Class")) {
      return classLine(javaClass);
    }
    for (JavaMember member : javaClass.getMembers()) {
      if (description.startsWith(member.getDescription() + " ")) {
        OptionalInt line = memberLine(member);
        return line.isPresent() ? line : classLine(javaClass);
      }
    }
    return classLine(javaClass);
  }

  private static OptionalInt objectLine(Object object) {
    if (object instanceof JavaClass javaClass) {
      return classLine(javaClass);
    }
    if (object instanceof JavaMember member) {
      OptionalInt line = memberLine(member);
      return line.isPresent() ? line : classLine(member.getOwner());
    }
    if (object instanceof HasSourceCodeLocation located) {
      return positive(located.getSourceCodeLocation().getLineNumber());
    }
    return OptionalInt.empty();
  }

  private static String locate(String message, Collection<?> objects, JavaClasses classes) {
    List<String> lines = new ArrayList<>();
    for (String line : message.split("\n", -1)) {
      Matcher zero = LINE_ZERO.matcher(line);
      OptionalInt found = zero.find() ? lineFor(line, objects, classes) : OptionalInt.empty();
      lines.add(
          found.isPresent()
              ? zero.replaceAll(
                  match ->
                      Matcher.quoteReplacement("(" + match.group(1) + ":" + found.getAsInt() + ")"))
              : line);
    }
    return String.join("\n", lines);
  }

  /** A violation whose description lines carry source lines. */
  private record LocatedViolation(Collection<?> objects, String message) implements ConditionEvent {
    @Override
    public boolean isViolation() {
      return true;
    }

    @Override
    public ConditionEvent invert() {
      throw new UnsupportedOperationException(
          "a located violation is the outcome of an evaluation, not a condition's event");
    }

    @Override
    public List<String> getDescriptionLines() {
      return message.lines().toList();
    }

    @Override
    public void handleWith(Handler handler) {
      handler.handle(objects, message);
    }
  }

  /** Evaluates the rule it wraps and rewrites the line-0 locations of the violations. */
  private static final class LocatedRule implements ArchRule {
    private final ArchRule rule;

    LocatedRule(ArchRule rule) {
      this.rule = rule;
    }

    @Override
    public EvaluationResult evaluate(JavaClasses classes) {
      EvaluationResult result = rule.evaluate(classes);
      ConditionEvents events = ConditionEvents.Factory.create();
      result.handleViolations(
          (Collection<Object> objects, String message) ->
              events.add(
                  new LocatedViolation(List.copyOf(objects), locate(message, objects, classes))));
      return new EvaluationResult(this, events, result.getPriority());
    }

    @Override
    public void check(JavaClasses classes) {
      Assertions.assertNoViolation(evaluate(classes));
    }

    @Override
    public ArchRule because(String reason) {
      return new LocatedRule(rule.because(reason));
    }

    @Override
    public ArchRule allowEmptyShould(boolean allowEmptyShould) {
      return new LocatedRule(rule.allowEmptyShould(allowEmptyShould));
    }

    @Override
    public ArchRule as(String newDescription) {
      return new LocatedRule(rule.as(newDescription));
    }

    @Override
    public String getDescription() {
      return rule.getDescription();
    }

    @Override
    public String toString() {
      return rule.toString();
    }
  }
}
