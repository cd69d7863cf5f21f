package dev.ujm.server.cli;

import dev.ujm.api.JobView;
import dev.ujm.api.ListResponse;
import dev.ujm.client.JobFilter;
import dev.ujm.client.UjmClient;
import dev.ujm.server.Main;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ujm list}: the jobs the key may see, newest first, one page. */
@Command(name = "list", description = "List jobs, newest first.")
public final class ListCommand implements Callable<Integer> {
  @ParentCommand private Main main;
  @Mixin private ClientOptions client;

  @Option(
      names = "--state",
      description = "only these states, comma separated (queued,processing,...)")
  private String state;

  @Option(names = "--type", description = "only this job type")
  private String type;

  @Option(names = "--user", description = "only this user's jobs")
  private String user;

  @Option(names = "--tenant", description = "another tenant (admin keys only)")
  private String tenant;

  @Option(names = "--limit", description = "page size, 1 to 1000 (default 50)")
  private Integer limit;

  @Option(names = "--cursor", description = "the next page, as the previous page printed it")
  private String cursor;

  @Override
  public Integer call() {
    UjmClient ujm = client.client(main.env());
    JobFilter filter = new JobFilter(state, type, null, null, tenant, limit, cursor);
    ListResponse<JobView> page = user == null ? ujm.list(filter) : ujm.listUser(user, filter);
    if (client.json()) {
      Output.json(main.out(), page);
      return 0;
    }
    if (page.items().isEmpty()) {
      main.out().println("no jobs");
    } else {
      Output.jobs(main.out(), page.items());
    }
    if (page.nextCursor() != null) {
      main.out().println("more: ujm list --cursor " + page.nextCursor());
    }
    return 0;
  }
}
