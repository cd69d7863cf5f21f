package dev.ujm.server.cli;

import dev.ujm.api.JobView;
import dev.ujm.server.Main;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code ujm status ID}: prints one job. */
@Command(name = "status", description = "Show a job.")
public final class StatusCommand implements Callable<Integer> {
  @ParentCommand private Main main;
  @Mixin private ClientOptions client;

  @Parameters(index = "0", paramLabel = "ID", description = "the job id")
  private String id;

  @Override
  public Integer call() {
    JobView job = client.client(main.env()).get(id);
    Output.job(main.out(), job, client.json());
    return 0;
  }
}
