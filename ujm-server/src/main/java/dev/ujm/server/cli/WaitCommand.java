package dev.ujm.server.cli;

import dev.ujm.api.JobView;
import dev.ujm.client.UjmClient;
import dev.ujm.server.Main;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ujm wait ID}: waits until a job has finished, with long-polls rather than polling, and
 * prints it. Exit 0 when it completed; 1 when it failed, was cancelled, or is still running when
 * the timeout runs out (one line on standard error says which).
 */
@Command(
    name = "wait",
    description =
        "Wait until a job has finished and show it; exit 0 when it completed, 1 when it failed,"
            + " was cancelled or the timeout ran out.")
public final class WaitCommand implements Callable<Integer> {
  @ParentCommand private Main main;
  @Mixin private ClientOptions client;

  @Parameters(index = "0", paramLabel = "ID", description = "the job id")
  private String id;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "give up after this long (default: wait until the job has finished)")
  private Long timeoutSeconds;

  @Override
  public Integer call() {
    if (timeoutSeconds != null && timeoutSeconds < 0) {
      throw new CliException(Main.USAGE, "--timeout must be 0 or more seconds");
    }
    UjmClient ujm = client.client(main.env(), UjmClient.LONG_POLL);
    Duration timeout =
        timeoutSeconds == null ? Duration.ofDays(36_500) : Duration.ofSeconds(timeoutSeconds);
    Optional<JobView> finished = ujm.awaitFinal(id, timeout);
    JobView job = finished.orElseGet(() -> ujm.get(id));
    Output.job(main.out(), job, client.json());
    if (finished.isEmpty()) {
      main.err()
          .println(
              "ujm: job " + id + " is still " + job.state() + " after " + timeoutSeconds + " s");
      return Main.FAILED;
    }
    if (!job.state().equals("completed")) {
      main.err().println("ujm: job " + id + " " + job.state());
      return Main.FAILED;
    }
    return 0;
  }
}
