package dev.ujm.jobs.process;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.config.ConfigException;
import dev.ujm.core.handler.InvalidPayloadException;
import dev.ujm.core.handler.JobContext;
import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.JobEnvironment;
import dev.ujm.core.handler.JobHandler;
import dev.ujm.core.handler.JobOutcome;
import dev.ujm.core.model.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jobs in any language: one job type per file of {@code UJM_PROCESS_TYPES}, each running the
 * operator's command with the payload on its standard input ({@link ProcessRun}). A payload is
 * checked at submit against the type's schema; a type that needs bubblewrap on a host without it
 * refuses its jobs with one sentence unless unisolated runs are allowed. Thread-safe.
 */
public final class ProcessJobHandler implements JobHandler<JsonNode> {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessJobHandler.class);

  private final ProcessType type;
  private final ProcessSettings settings;
  private final UsageMeter meter;

  private ProcessJobHandler(ProcessType type, ProcessSettings settings, UsageMeter meter) {
    this.type = type;
    this.settings = settings;
    this.meter = meter;
  }

  /**
   * A definition per declared type; none without {@code UJM_PROCESS_TYPES}.
   *
   * @throws ConfigException naming every bad type file or setting
   */
  public static List<JobDefinition<?>> definitions(JobEnvironment env) {
    ProcessSettings settings = ProcessSettings.from(env);
    if (settings.typesDir() == null) {
      return List.of();
    }
    List<String> problems = new ArrayList<>();
    List<ProcessType> types = ProcessTypeFiles.read(settings.typesDir(), problems);
    for (ProcessType t : types) {
      if (!t.isolated() && !settings.allowUnisolated()) {
        problems.add(
            "process type "
                + t.name()
                + " asks for isolation none, which needs UJM_PROCESS_ALLOW_UNISOLATED=true");
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    UsageMeter meter = env.service(UsageMeter.class).orElse(UsageMeter.logging());
    LOG.info(
        "process job types {} from {}: bubblewrap {}, prlimit {}, {}",
        types.stream().map(ProcessType::name).toList(),
        settings.typesDir(),
        settings.bwrap().map(Object::toString).orElse("missing"),
        settings.prlimit().map(Object::toString).orElse("missing"),
        settings.cgroups().map(Cgroups::describe).orElse("no cgroups"));
    List<JobDefinition<?>> definitions = new ArrayList<>();
    for (ProcessType declared : types) {
      ProcessType t = declared;
      if (t.isolated() && settings.bwrap().isEmpty()) {
        if (settings.allowUnisolated()) {
          LOG.warn(
              "process type {} runs unisolated: bubblewrap is missing and UJM_PROCESS_ALLOW_UNISOLATED is true",
              t.name());
          t =
              new ProcessType(
                  t.name(),
                  t.command(),
                  t.args(),
                  t.schema(),
                  t.limits(),
                  t.network(),
                  "none",
                  t.directory());
        } else {
          LOG.warn(noBwrapSentence(t.name()));
        }
      }
      ProcessType type = t;
      Integer wall = type.limits().wallSeconds();
      definitions.add(
          JobDefinition.of(
                  type.name(), JsonNode.class, new ProcessJobHandler(type, settings, meter))
              .withValidator(payload -> validate(type, settings, payload))
              .withDefaultTimeout(wall == null ? null : Duration.ofSeconds(wall + 30L))
              .withPayloadSchema(
                  type.schema() == null ? Json.mapper().createObjectNode() : type.schema()));
    }
    return definitions;
  }

  static String noBwrapSentence(String type) {
    return "process type "
        + type
        + " needs bubblewrap (bwrap) for isolation and this host has none: install bubblewrap, or set"
        + " UJM_PROCESS_ALLOW_UNISOLATED=true to run it unisolated";
  }

  private static void validate(ProcessType type, ProcessSettings settings, JsonNode payload)
      throws InvalidPayloadException {
    if (type.isolated() && settings.bwrap().isEmpty()) {
      throw new InvalidPayloadException(null, noBwrapSentence(type.name()));
    }
    List<PayloadSchema.Problem> problems = PayloadSchema.check(type.schema(), payload);
    if (!problems.isEmpty()) {
      throw new InvalidPayloadException(
          problems.get(0).field().isEmpty() ? null : problems.get(0).field(),
          String.join("; ", problems.stream().map(PayloadSchema.Problem::message).toList()));
    }
  }

  @Override
  public JobOutcome run(JobContext<JsonNode> ctx) throws Exception {
    return new ProcessRun(ctx, type, settings, meter).execute();
  }
}
