package io.github.aicpulaunch.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What a user reads cites only documents the repository ships: every failure-mode ID ({@code F17},
 * {@code F3b}, {@code P6}) and protocol section ({@code §2.1}) in a string literal of the main Java
 * and C sources (messages, hints, help texts) or in README.md and docs/*.md has an anchor in
 * docs/TROUBLESHOOTING.md ({@code <a id="F17"></a>}, {@code <a id="protocol-2-1"></a>}); none of
 * that text names the workspace's reference documents; and every {@code docs/NAME.md} a literal
 * names, or {@code (NAME.md#anchor)} a document links, exists ({@code src/a5/docs/hardware.md} is
 * upstream's path, not ours).
 */
class CitationsTest {
  private static final Pattern ID = Pattern.compile("\\b([FP][1-9][0-9]?b?)\\b");
  private static final Pattern SECTION = Pattern.compile("§\\s?([0-9]+(?:\\.[0-9]+)?)");
  private static final Pattern ANCHOR = Pattern.compile("<a id=\"([^\"]+)\"></a>");
  private static final Pattern UNSHIPPED =
      Pattern.compile("\\b(?:PROTOCOL|DESIGN|FAILURE-MODES)(?:\\.md)?\\b");
  private static final Pattern DOC_PATH = Pattern.compile("(?<![\\w/])docs/([A-Za-z0-9_-]+\\.md)");
  private static final Pattern DOC_LINK =
      Pattern.compile("\\]\\(([A-Za-z0-9_-]+\\.md)(?:#([^)\\s]+))?\\)");

  private static final Path ROOT = Path.of(System.getProperty("aicpu.testdata")).getParent();
  private static final Path DOCS = ROOT.resolve("docs");

  /** A piece of text a user can see, and where it stands. */
  record Text(String where, String text) {}

  /**
   * The string literals of Java or C source, each run of literals joined by {@code +} (Java) or
   * juxtaposed (C) as one text; comments and character literals are skipped.
   */
  static List<String> literals(String source) {
    List<String> out = new ArrayList<>();
    StringBuilder current = null;
    int i = 0;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      if (source.startsWith("//", i)) {
        i = endOf(source, "\n", i + 2);
      } else if (source.startsWith("/*", i)) {
        i = endOf(source, "*/", i + 2);
      } else if (source.startsWith("\"\"\"", i)) {
        int end = source.indexOf("\"\"\"", i + 3);
        end = end < 0 ? n : end;
        current = append(current, source.substring(i + 3, end));
        i = Math.min(n, end + 3);
      } else if (c == '"' || c == '\'') {
        StringBuilder literal = new StringBuilder();
        int j = i + 1;
        while (j < n && source.charAt(j) != c && source.charAt(j) != '\n') {
          if (source.charAt(j) == '\\' && j + 1 < n) {
            literal.append(source.charAt(j + 1) == 'n' ? '\n' : source.charAt(j + 1));
            j += 2;
          } else {
            literal.append(source.charAt(j++));
          }
        }
        if (c == '"') {
          current = append(current, literal.toString());
        }
        i = j + 1;
      } else if (Character.isWhitespace(c) || c == '+') {
        i++;
      } else {
        if (current != null) {
          out.add(current.toString());
          current = null;
        }
        i++;
      }
    }
    if (current != null) {
      out.add(current.toString());
    }
    return out;
  }

  private static StringBuilder append(StringBuilder current, String literal) {
    return current == null ? new StringBuilder(literal) : current.append(literal);
  }

  private static int endOf(String source, String end, int from) {
    int at = source.indexOf(end, from);
    return at < 0 ? source.length() : at + end.length();
  }

  /** The anchors a text's citations need: the IDs as they are, {@code protocol-2-1} for §2.1. */
  static Set<String> citations(String text) {
    Set<String> cited = new LinkedHashSet<>();
    Matcher id = ID.matcher(text);
    while (id.find()) {
      cited.add(id.group(1));
    }
    Matcher section = SECTION.matcher(text);
    while (section.find()) {
      cited.add("protocol-" + section.group(1).replace('.', '-'));
    }
    return cited;
  }

  private static List<Text> userVisibleTexts() throws IOException {
    List<Text> texts = new ArrayList<>();
    try (Stream<Path> files = Files.walk(ROOT)) {
      for (Path file :
          files
              .filter(Files::isRegularFile)
              .filter(f -> ROOT.relativize(f).toString().matches("(?:[^/]+/)+src/main/.*"))
              .filter(f -> !ROOT.relativize(f).toString().contains("/target/"))
              .filter(f -> f.toString().matches(".*\\.(java|c|h)"))
              .sorted()
              .toList()) {
        for (String literal : literals(Files.readString(file, StandardCharsets.UTF_8))) {
          texts.add(new Text(ROOT.relativize(file).toString(), literal));
        }
      }
    }
    for (Path doc : shippedDocs()) {
      texts.add(new Text(ROOT.relativize(doc).toString(), Files.readString(doc)));
    }
    return texts;
  }

  private static List<Path> shippedDocs() throws IOException {
    List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> files = Files.list(DOCS)) {
      files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    return docs;
  }

  private static Set<String> anchors(Path doc) throws IOException {
    Set<String> anchors = new TreeSet<>();
    Matcher m = ANCHOR.matcher(Files.readString(doc));
    while (m.find()) {
      anchors.add(m.group(1));
    }
    return anchors;
  }

  @Test
  void everyCitedIdAndSectionHasAnAnchorInTroubleshooting() throws IOException {
    Set<String> anchors = anchors(DOCS.resolve("TROUBLESHOOTING.md"));
    List<String> unresolved = new ArrayList<>();
    int cited = 0;
    for (Text text : userVisibleTexts()) {
      for (String citation : citations(text.text())) {
        cited++;
        if (!anchors.contains(citation)) {
          unresolved.add(text.where() + ": " + citation);
        }
      }
    }
    assertThat(unresolved).as("citations without an anchor in docs/TROUBLESHOOTING.md").isEmpty();
    assertThat(cited).as("citations found").isGreaterThan(100);
  }

  @Test
  void noUserVisibleTextNamesAnUnshippedDocument() throws IOException {
    List<String> found = new ArrayList<>();
    for (Text text : userVisibleTexts()) {
      Matcher m = UNSHIPPED.matcher(text.text());
      while (m.find()) {
        found.add(text.where() + ": " + m.group());
      }
    }
    assertThat(found).isEmpty();
  }

  @Test
  void everyDocumentNamedOrLinkedExists() throws IOException {
    List<String> missing = new ArrayList<>();
    for (Text text : userVisibleTexts()) {
      Matcher path = DOC_PATH.matcher(text.text());
      while (path.find()) {
        if (!Files.isRegularFile(DOCS.resolve(path.group(1)))) {
          missing.add(text.where() + ": docs/" + path.group(1));
        }
      }
    }
    for (Path doc : shippedDocs()) {
      Matcher link = DOC_LINK.matcher(Files.readString(doc));
      while (link.find()) {
        Path target = doc.resolveSibling(link.group(1));
        if (!Files.isRegularFile(target)) {
          missing.add(ROOT.relativize(doc) + ": " + link.group(1));
        } else if (link.group(2) != null
            && link.group(1).equals("TROUBLESHOOTING.md")
            && !anchors(target).contains(link.group(2))) {
          missing.add(ROOT.relativize(doc) + ": " + link.group(1) + "#" + link.group(2));
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void theScannerFindsCitationsInJoinedLiteralsAndSkipsComments() {
    String source =
        "// F98 in a comment\n"
            + "/* §98 in a block */ throw new X(\"the device is poisoned (F1\" \n"
            + "    + \"7); see §7.\" + \"7\", 'F', \"P6.\");\n"
            + "log(\"no code\"); s = \"\"\"\n F3b text block\"\"\";";
    List<String> literals = literals(source);
    assertThat(literals)
        .containsExactly(
            "the device is poisoned (F17); see §7.7", "P6.", "no code", "\n F3b text block");
    assertThat(citations(String.join(" ", literals)))
        .containsExactly("F17", "P6", "F3b", "protocol-7-7");
    assertThat(citations("FP16, F0, P0 and F123 are no IDs")).isEmpty();
  }
}
