package dev.ujm.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.api.SubmitJobRequest;
import dev.ujm.client.Submitted;
import dev.ujm.core.model.Json;
import dev.ujm.server.Main;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code ujm submit TYPE [JSON]}: submits one job and prints it. */
@Command(
    name = "submit",
    description = "Submit a job, for example: ujm submit sleep '{\"ms\": 2000}'")
public final class SubmitCommand implements Callable<Integer> {
  @ParentCommand private Main main;
  @Mixin private ClientOptions client;

  @Parameters(
      index = "0",
      paramLabel = "TYPE",
      description = "the job type (noop, echo, sleep, flaky, crawl, ...)")
  private String type;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "JSON",
      description = "the payload, a JSON object")
  private String payload;

  @Option(names = "--priority", description = "high, medium (default) or low")
  private String priority;

  @Option(names = "--queue", description = "the worker pool (default: the type)")
  private String queue;

  @Option(names = "--delay", paramLabel = "SECONDS", description = "run after this many seconds")
  private Long delaySeconds;

  @Option(names = "--run-at", paramLabel = "INSTANT", description = "run at this ISO-8601 instant")
  private String runAt;

  @Option(names = "--max-attempts", description = "attempts allowed (default 3)")
  private Integer maxAttempts;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "a longer attempt is interrupted and fails")
  private Integer timeoutSeconds;

  @Option(
      names = "--idempotency-key",
      paramLabel = "KEY",
      description = "a repeat with the same key returns the first job")
  private String idempotencyKey;

  @Option(names = "--tag", description = "a label to search by; repeatable")
  private List<String> tags;

  @Option(
      names = {"-q", "--quiet"},
      description = "print only the job id, for scripts: JOB=$(ujm submit noop -q)")
  private boolean quiet;

  @Override
  public Integer call() {
    JsonNode json = parsePayload(payload);
    SubmitJobRequest request =
        new SubmitJobRequest(
            type,
            json,
            priority,
            queue,
            runAt,
            delaySeconds,
            maxAttempts,
            timeoutSeconds,
            idempotencyKey,
            null,
            tags,
            null,
            null,
            null);
    Submitted submitted = client.client(main.env()).submit(request);
    if (quiet) {
      main.out().println(submitted.job().id());
    } else if (client.json()) {
      Output.json(main.out(), submitted.job());
    } else {
      Output.job(main.out(), submitted.job());
      if (!submitted.created()) {
        main.out().println("(an earlier job with this idempotency key; nothing new was submitted)");
      }
    }
    return 0;
  }

  static JsonNode parsePayload(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      JsonNode node = Json.mapper().readTree(text);
      if (node == null || !node.isObject()) {
        throw new CliException(
            Main.USAGE, "the payload must be a JSON object, like '{\"ms\": 2000}'");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new CliException(
          Main.USAGE, "the payload is not valid JSON: " + e.getOriginalMessage());
    }
  }
}
