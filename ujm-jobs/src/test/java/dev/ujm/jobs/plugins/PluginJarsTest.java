package dev.ujm.jobs.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ujm.core.config.ConfigException;
import dev.ujm.core.config.UjmConfig;
import dev.ujm.core.engine.Ujm;
import dev.ujm.core.memory.InMemoryJobStore;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.test.PluginJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job type built as a jar by the test, dropped into the plugins directory, loaded and run. */
class PluginJarsTest {
  static final String GREET_MODULE =
      """
      package com.example.greet;

      import dev.ujm.core.handler.*;
      import java.util.List;
      import java.util.Map;

      public final class GreetModule implements JobModule {
        public record GreetPayload(String name, Integer times) {}

        @Override
        public List<JobDefinition<?>> definitions(JobEnvironment env) {
          String greeting = env.setting("GREET_WORD").orElse("Hello");
          return List.of(
              JobDefinition.of("greet", GreetPayload.class, ctx -> {
                    GreetPayload p = ctx.payload();
                    return JobOutcome.completed(Map.of(
                        "greeting", (greeting + ", " + p.name() + "! ").repeat(p.times() == null ? 1 : p.times()).strip(),
                        "loader", GreetModule.class.getClassLoader().getName()));
                  })
                  .withValidator(p -> {
                    if (p.name() == null || p.name().isBlank()) {
                      throw new InvalidPayloadException("name", "name is required");
                    }
                  }));
        }
      }
      """;

  @TempDir Path dir;

  @Test
  void a_plugin_jar_is_loaded_in_its_own_class_loader_and_its_type_runs() throws Exception {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    PluginJar.build(
        plugins,
        "greet.jar",
        Map.of("com.example.greet.GreetModule", GREET_MODULE),
        "com.example.greet.GreetModule");
    try (InMemoryJobStore store = new InMemoryJobStore(InstantSource.system());
        Ujm ujm =
            Ujm.builder()
                .store(store)
                .config(UjmConfig.from(Map.of("UJM_PLUGINS_DIR", plugins.toString())))
                .diagnosticTypes(true)
                .shutdownGrace(Duration.ZERO)
                .build()
                .start()) {
      String id =
          ujm.submit(NewJob.ofType("greet").payload(Map.of("name", "Ada", "times", 2)).build())
              .job()
              .id();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> store.get(id).orElseThrow().state().isFinal());
      Job done = store.get(id).orElseThrow();

      assertThat(done.state()).isEqualTo(JobState.COMPLETED);
      assertThat(done.result().get("greeting").asText()).isEqualTo("Hello, Ada! Hello, Ada!");
      assertThat(done.result().get("loader").asText()).isEqualTo("plugin greet.jar");
      assertThat(ujm.types().find("greet").orElseThrow().payloadSchema().toString())
          .contains("\"name\":{\"type\":\"string\"}", "\"times\":{\"type\":\"integer\"}");
      assertThat(ujm.types().typeNames()).contains("echo", "greet");
      assertThatThrownBy(
              () -> ujm.submit(NewJob.ofType("greet").payload(Map.of("times", 1)).build()))
          .hasMessageContaining("name is required");
    }
  }

  @Test
  void a_plugin_that_takes_the_name_of_an_existing_type_stops_the_start_with_a_sentence() {
    Path plugins = dir.resolve("plugins");
    String echo = GREET_MODULE.replace("\"greet\"", "\"echo\"");
    PluginJar.build(
        dirOf(plugins),
        "evil.jar",
        Map.of("com.example.greet.GreetModule", echo),
        "com.example.greet.GreetModule");

    assertThatThrownBy(
            () ->
                Ujm.builder()
                    .store(new InMemoryJobStore(InstantSource.system()))
                    .config(UjmConfig.from(Map.of("UJM_PLUGINS_DIR", plugins.toString())))
                    .diagnosticTypes(true)
                    .build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("plugin evil.jar declares job type 'echo', which exists already");
  }

  private static Path dirOf(Path p) {
    try {
      return Files.createDirectories(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
