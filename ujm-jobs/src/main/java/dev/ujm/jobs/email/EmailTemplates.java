package dev.ujm.jobs.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import dev.ujm.core.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Named Mustache templates from the templates directory: {@code <name>.txt.mustache} for the text
 * body, {@code <name>.html.mustache} for the HTML body (values HTML-escaped). Rendering is strict:
 * a variable the model lacks is an error, so a bad model is refused at submit rather than sent with
 * holes. Compiled templates are cached and recompiled when their file changes. Thread-safe.
 */
final class EmailTemplates {
  /** Template names: letters, digits, '-', '_' and '.', never a path. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}");

  private static final Mustache.Compiler TEXT = Mustache.compiler().escapeHTML(false);
  private static final Mustache.Compiler HTML = Mustache.compiler().escapeHTML(true);

  private record Compiled(FileTime modified, Template template) {}

  /** The bodies a template rendered to; either may be null. */
  record Rendered(String subject, String text, String html) {}

  private final Path dir;
  private final Map<Path, Compiled> cache = new ConcurrentHashMap<>();

  EmailTemplates(Path dir) {
    this.dir = dir;
  }

  /**
   * Renders a template and the subject with a model.
   *
   * @throws IllegalArgumentException naming the template and what is wrong: unknown name, a file
   *     that does not compile, or a variable the model lacks
   */
  Rendered render(String name, String subject, JsonNode model) {
    if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
      throw new IllegalArgumentException(
          "template must be a name of letters, digits, '-', '_' and '.', not '" + name + "'");
    }
    Object context =
        model == null || model.isNull()
            ? Map.of()
            : Json.mapper().convertValue(model, Object.class);
    Optional<Template> text = load(name + ".txt.mustache", TEXT);
    Optional<Template> html = load(name + ".html.mustache", HTML);
    if (text.isEmpty() && html.isEmpty()) {
      throw new IllegalArgumentException(
          "no template '" + name + "' (" + name + ".txt.mustache or " + name + ".html.mustache)");
    }
    try {
      return new Rendered(
          TEXT.compile(subject == null ? "" : subject).execute(context),
          text.map(t -> t.execute(context)).orElse(null),
          html.map(t -> t.execute(context)).orElse(null));
    } catch (MustacheException e) {
      throw new IllegalArgumentException(
          "template '" + name + "' does not render with this model: " + e.getMessage());
    }
  }

  private Optional<Template> load(String file, Mustache.Compiler compiler) {
    Path path = dir.resolve(file);
    try {
      if (!Files.isRegularFile(path)) {
        return Optional.empty();
      }
      FileTime modified = Files.getLastModifiedTime(path);
      Compiled cached = cache.get(path);
      if (cached != null && cached.modified().equals(modified)) {
        return Optional.of(cached.template());
      }
      Template template = compiler.compile(Files.readString(path, StandardCharsets.UTF_8));
      cache.put(path, new Compiled(modified, template));
      return Optional.of(template);
    } catch (IOException e) {
      throw new IllegalArgumentException("template " + file + " cannot be read: " + e.getMessage());
    } catch (MustacheException e) {
      throw new IllegalArgumentException(
          "template " + file + " does not compile: " + e.getMessage());
    }
  }
}
