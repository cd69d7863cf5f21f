package dev.ujm.server.cli;

import dev.ujm.api.JobEventView;
import dev.ujm.api.ListResponse;
import dev.ujm.server.Main;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code ujm history ID}: a job's audit trail, oldest first. */
@Command(name = "history", description = "Show a job's audit trail, oldest first.")
public final class HistoryCommand implements Callable<Integer> {
  @ParentCommand private Main main;
  @Mixin private ClientOptions client;

  @Parameters(index = "0", paramLabel = "ID", description = "the job id")
  private String id;

  @Override
  public Integer call() {
    List<JobEventView> events = client.client(main.env()).history(id);
    if (client.json()) {
      Output.json(main.out(), new ListResponse<>(events, null));
      return 0;
    }
    List<String[]> rows = new ArrayList<>();
    for (JobEventView event : events) {
      rows.add(
          new String[] {
            event.at() == null ? null : event.at().toString(),
            event.from(),
            event.to(),
            String.valueOf(event.attempt()),
            event.actor(),
            event.reason()
          });
    }
    Output.table(main.out(), new String[] {"AT", "FROM", "TO", "ATTEMPT", "ACTOR", "REASON"}, rows);
    return 0;
  }
}
