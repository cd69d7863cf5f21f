package dev.ujm.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.server.Main;
import java.io.IOException;
import java.nio.file.Files;
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

/** {@code ujm schedules list|create FILE.json|pause|resume|trigger|delete ID}. */
@Command(
    name = "schedules",
    description =
        "Recurring jobs: list, create FILE.json, pause ID, resume ID, trigger ID, delete ID.",
    subcommands = {
      SchedulesCommand.ListSchedules.class,
      SchedulesCommand.Create.class,
      SchedulesCommand.Act.Pause.class,
      SchedulesCommand.Act.Resume.class,
      SchedulesCommand.Act.Trigger.class,
      SchedulesCommand.Act.Delete.class
    })
public final class SchedulesCommand implements Runnable {
  @ParentCommand Main main;
  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "name a schedules command: list, create, pause, resume, trigger or delete");
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new CliException(Main.USAGE, "cannot read " + file + ": " + e.getMessage());
    }
  }

  static void print(Main main, ClientOptions client, JsonNode schedule) {
    if (client.json()) {
      Output.json(main.out(), schedule);
      return;
    }
    List<String[]> rows = new ArrayList<>();
    for (String field :
        List.of(
            "id",
            "name",
            "cron",
            "timeZone",
            "enabled",
            "misfire",
            "overlap",
            "lastJobId",
            "lastRunState")) {
      rows.add(
          new String[] {
            field, schedule.path(field).isMissingNode() ? null : schedule.path(field).asText()
          });
    }
    List<String> next = new ArrayList<>();
    schedule.path("nextFires").forEach(f -> next.add(f.asText()));
    rows.add(new String[] {"nextFires", String.join(", ", next)});
    Output.table(main.out(), null, rows);
  }

  /** {@code ujm schedules list}. */
  @Command(name = "list", description = "List your schedules, newest first.")
  static final class ListSchedules implements Callable<Integer> {
    @ParentCommand private SchedulesCommand parent;
    @Mixin private ClientOptions client;

    @Override
    public Integer call() {
      JsonNode page = client.call(parent.main.env(), "GET", "/api/v2/schedules?limit=1000", null);
      if (client.json()) {
        Output.json(parent.main.out(), page);
        return 0;
      }
      List<String[]> rows = new ArrayList<>();
      for (JsonNode s : page.path("items")) {
        rows.add(
            new String[] {
              s.path("id").asText(),
              s.path("name").asText(),
              s.path("cron").asText(),
              s.path("timeZone").asText(),
              s.path("enabled").asBoolean() ? "enabled" : "paused",
              s.path("nextFireAt").asText("-"),
              s.path("lastRunState").asText("-")
            });
      }
      Output.table(
          parent.main.out(),
          new String[] {"ID", "NAME", "CRON", "ZONE", "STATUS", "NEXT", "LAST RUN"},
          rows);
      return 0;
    }
  }

  /** {@code ujm schedules create FILE.json}. */
  @Command(
      name = "create",
      description = "Create a schedule from a JSON file (see docs/scheduling.md).")
  static final class Create implements Callable<Integer> {
    @ParentCommand private SchedulesCommand parent;
    @Mixin private ClientOptions client;

    @Parameters(paramLabel = "FILE.json")
    private Path file;

    @Override
    public Integer call() {
      print(
          parent.main,
          client,
          client.call(parent.main.env(), "POST", "/api/v2/schedules", read(file)));
      return 0;
    }
  }

  /** The verbs that act on one schedule by id. */
  abstract static class Act implements Callable<Integer> {
    @ParentCommand SchedulesCommand parent;
    @Mixin ClientOptions client;

    @Parameters(paramLabel = "ID")
    String id;

    abstract String method();

    abstract String suffix();

    @Override
    public Integer call() {
      JsonNode answer =
          client.call(parent.main.env(), method(), "/api/v2/schedules/" + id + suffix(), null);
      if (suffix().equals("/trigger")) {
        Output.json(parent.main.out(), answer);
      } else if (method().equals("DELETE")) {
        parent.main.out().println("deleted " + id);
      } else {
        print(parent.main, client, answer);
      }
      return 0;
    }

    @Command(name = "pause", description = "Pause a schedule.")
    static final class Pause extends Act {
      String method() {
        return "POST";
      }

      String suffix() {
        return "/pause";
      }
    }

    @Command(name = "resume", description = "Resume a schedule from its next fire.")
    static final class Resume extends Act {
      String method() {
        return "POST";
      }

      String suffix() {
        return "/resume";
      }
    }

    @Command(name = "trigger", description = "Run a schedule now; prints the job.")
    static final class Trigger extends Act {
      String method() {
        return "POST";
      }

      String suffix() {
        return "/trigger";
      }
    }

    @Command(name = "delete", description = "Delete a schedule (its jobs stay).")
    static final class Delete extends Act {
      String method() {
        return "DELETE";
      }

      String suffix() {
        return "";
      }
    }
  }
}
