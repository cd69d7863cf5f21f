package dev.ujm.server.cli;

import dev.ujm.api.JobView;
import dev.ujm.server.Main;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code ujm retry ID}: re-drives a failed or cancelled job. */
@Command(name = "retry", description = "Re-drive a failed or cancelled job (one more attempt).")
public final class RetryCommand implements Callable<Integer> {
  @ParentCommand private Main main;
  @Mixin private ClientOptions client;

  @Parameters(index = "0", paramLabel = "ID", description = "the job id")
  private String id;

  @Override
  public Integer call() {
    JobView job = client.client(main.env()).retry(id);
    Output.job(main.out(), job, client.json());
    return 0;
  }
}
