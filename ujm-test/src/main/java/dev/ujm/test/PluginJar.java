package dev.ujm.test;

import dev.ujm.core.handler.JobModule;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a plugin jar the way a user would: compiles Java sources with the JDK's compiler against
 * UJM's API, lists the module in {@code META-INF/services/dev.ujm.core.handler.JobModule}, and
 * packs the classes into a jar.
 */
public final class PluginJar {
  private PluginJar() {}

  /**
   * @param sources class name (with package) to its source
   * @param module the class name of the {@link JobModule} to list
   * @return the jar, written into {@code dir}
   */
  public static Path build(Path dir, String jarName, Map<String, String> sources, String module) {
    try {
      Path src = Files.createTempDirectory(dir, "src");
      Path classes = Files.createTempDirectory(dir, "classes");
      List<String> args =
          new ArrayList<>(
              List.of("-d", classes.toString(), "--release", "21", "-classpath", classPath()));
      for (var source : sources.entrySet()) {
        Path file = src.resolve(source.getKey().replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source.getValue());
        args.add(file.toString());
      }
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      if (javac.run(null, null, System.err, args.toArray(String[]::new)) != 0) {
        throw new IllegalStateException("the plugin sources do not compile");
      }
      Path jar = dir.resolve(jarName);
      try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
          Stream<Path> files = Files.walk(classes)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
          Files.copy(f, out);
          out.closeEntry();
        }
        out.putNextEntry(new JarEntry("META-INF/services/" + JobModule.class.getName()));
        OutputStream entry = out;
        entry.write((module + "\n").getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where UJM's API and Jackson are, for the compiler. */
  private static String classPath() {
    List<String> parts = new ArrayList<>();
    for (Class<?> c :
        List.of(
            JobModule.class,
            com.fasterxml.jackson.databind.JsonNode.class,
            com.fasterxml.jackson.core.JsonParser.class)) {
      try {
        parts.add(
            Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    return String.join(java.io.File.pathSeparator, parts);
  }
}
