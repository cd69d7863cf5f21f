package dev.ujm.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.server.Main;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ujm workflow submit FILE.json|status ID}. */
@Command(
    name = "workflow",
    description = "Workflows: submit FILE.json, status ID.",
    subcommands = {WorkflowCommand.Submit.class, WorkflowCommand.Status.class})
public final class WorkflowCommand implements Runnable {
  @ParentCommand Main main;
  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a workflow command: submit or status");
  }

  static void print(Main main, ClientOptions client, JsonNode workflow) {
    if (client.json()) {
      Output.json(main.out(), workflow);
      return;
    }
    main.out().println(workflow.path("id").asText() + "  " + workflow.path("state").asText());
    List<String[]> rows = new ArrayList<>();
    for (JsonNode n : workflow.path("nodes")) {
      List<String> deps = new ArrayList<>();
      n.path("dependsOn").forEach(d -> deps.add(d.asText()));
      rows.add(
          new String[] {
            n.path("ref").asText(), n.path("state").asText(), n.path("role").asText(),
            String.join(",", deps), n.path("reason").asText("-"), n.path("jobId").asText()
          });
    }
    Output.table(
        main.out(), new String[] {"REF", "STATE", "ROLE", "DEPENDS ON", "REASON", "JOB"}, rows);
  }

  @Command(
      name = "submit",
      description = "Submit a workflow from a JSON file (see docs/scheduling.md).")
  static final class Submit implements Callable<Integer> {
    @ParentCommand private WorkflowCommand parent;
    @Mixin private ClientOptions client;

    @Parameters(paramLabel = "FILE.json")
    private Path file;

    @Override
    public Integer call() {
      print(
          parent.main,
          client,
          client.call(parent.main.env(), "POST", "/api/v2/workflows", SchedulesCommand.read(file)));
      return 0;
    }
  }

  @Command(name = "status", description = "A workflow's nodes with their states.")
  static final class Status implements Callable<Integer> {
    @ParentCommand private WorkflowCommand parent;
    @Mixin private ClientOptions client;

    @Parameters(paramLabel = "ID")
    private String id;

    @Override
    public Integer call() {
      print(
          parent.main,
          client,
          client.call(parent.main.env(), "GET", "/api/v2/workflows/" + id, null));
      return 0;
    }
  }
}
