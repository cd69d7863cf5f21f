package dev.ujm.core.handler;

import dev.ujm.core.config.ConfigException;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Job types packaged as jars in the plugins directory ({@code UJM_PLUGINS_DIR}). Each jar gets a
 * class loader of its own whose parent is the loader of UJM itself, so plugins share UJM's API and
 * libraries but not each other's classes; its {@link JobModule}s are found by {@link ServiceLoader}
 * in {@code META-INF/services/dev.ujm.core.handler.JobModule} of that jar only. A plugin type may
 * not take the name of a type that exists already. The class loaders stay open for the life of the
 * node. Loaded once at start; not thread-safe.
 */
public final class PluginJars {
  private static final Logger LOG = LoggerFactory.getLogger(PluginJars.class);

  private PluginJars() {}

  /**
   * Registers the types of every jar in {@code dir} (in file-name order).
   *
   * @throws ConfigException naming every jar that cannot be read, and every type name taken twice
   */
  public static void load(Path dir, JobEnvironment environment, JobTypeRegistry registry) {
    List<String> problems = new ArrayList<>();
    List<Path> jars = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.jar")) {
      entries.forEach(jars::add);
    } catch (IOException e) {
      throw new ConfigException(
          List.of("UJM_PLUGINS_DIR=" + dir + " cannot be read: " + e.getMessage()));
    }
    jars.sort(null);
    for (Path jar : jars) {
      try {
        URLClassLoader loader =
            new URLClassLoader(
                "plugin " + jar.getFileName(),
                new URL[] {jar.toUri().toURL()},
                JobModule.class.getClassLoader());
        List<String> names = new ArrayList<>();
        for (ServiceLoader.Provider<JobModule> provider :
            ServiceLoader.load(JobModule.class, loader).stream().toList()) {
          if (provider.type().getClassLoader() != loader) {
            continue; // a module of UJM itself, seen through the parent
          }
          for (JobDefinition<?> definition : provider.get().definitions(environment)) {
            if (registry.find(definition.type()).isPresent()) {
              problems.add(
                  "plugin "
                      + jar.getFileName()
                      + " declares job type '"
                      + definition.type()
                      + "', which exists already");
              continue;
            }
            registry.register(definition);
            names.add(definition.type());
          }
        }
        LOG.info("plugin {} adds job types {}", jar.getFileName(), names);
      } catch (MalformedURLException | RuntimeException | java.util.ServiceConfigurationError e) {
        problems.add("plugin " + jar.getFileName() + " cannot be loaded: " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }
}
