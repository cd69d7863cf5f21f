package dev.ujm.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.api.JobResultResponse;
import dev.ujm.server.Main;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code ujm result ID}: a job's result and one page of its result items (a crawl's pages). */
@Command(
    name = "result",
    description = "Show a job's result and one page of its result items (a crawl's pages).")
public final class ResultCommand implements Callable<Integer> {
  @ParentCommand private Main main;
  @Mixin private ClientOptions client;

  @Parameters(index = "0", paramLabel = "ID", description = "the job id")
  private String id;

  @Option(names = "--limit", description = "result items per page, 1 to 1000 (default 100)")
  private Integer limit;

  @Option(names = "--cursor", description = "the next page, as the previous page printed it")
  private String cursor;

  @Override
  public Integer call() {
    JobResultResponse answer = client.client(main.env()).result(id, cursor, limit);
    if (client.json()) {
      Output.json(main.out(), answer);
      return 0;
    }
    main.out().println("state   " + answer.state());
    main.out().println("result  " + (answer.result() == null ? "-" : answer.result().toString()));
    main.out()
        .println("items   " + answer.items().size() + (answer.nextCursor() == null ? "" : "+"));
    for (JsonNode item : answer.items()) {
      main.out().println(item.toString());
    }
    if (answer.nextCursor() != null) {
      main.out().println("more: ujm result " + id + " --cursor " + answer.nextCursor());
    }
    return 0;
  }
}
