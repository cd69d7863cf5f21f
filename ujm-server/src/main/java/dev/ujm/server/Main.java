package dev.ujm.server;

import dev.ujm.client.UjmApiException;
import dev.ujm.client.UjmClientException;
import dev.ujm.server.bench.BenchCommand;
import dev.ujm.server.cli.CancelCommand;
import dev.ujm.server.cli.CliException;
import dev.ujm.server.cli.ClientOptions;
import dev.ujm.server.cli.HistoryCommand;
import dev.ujm.server.cli.KeysCommand;
import dev.ujm.server.cli.ListCommand;
import dev.ujm.server.cli.ResultCommand;
import dev.ujm.server.cli.RetryCommand;
import dev.ujm.server.cli.ServeCommand;
import dev.ujm.server.cli.StatusCommand;
import dev.ujm.server.cli.SubmitCommand;
import dev.ujm.server.cli.WaitCommand;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code ujm} command line: {@code serve} runs the service; {@code submit}, {@code status},
 * {@code list}, {@code wait}, {@code cancel}, {@code retry}, {@code history}, {@code result} and
 * {@code keys} talk to a running one over HTTP ({@code UJM_URL}, default {@code
 * http://localhost:8080}, with {@code UJM_API_KEY}); {@code bench} measures. Every command takes
 * {@code --help}. Exit codes: 0 done, 1 the request failed (one line on standard error), 2 bad
 * usage or configuration.
 */
@Command(
    name = "ujm",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT,
    version = "UJM 0.1.0",
    description = {
      "UJM, the Universal Job Manager: background jobs on the JVM.",
      "The client commands talk to UJM_URL (default "
          + ClientOptions.DEFAULT_URL
          + ") with UJM_API_KEY."
    },
    subcommands = {
      ServeCommand.class,
      SubmitCommand.class,
      StatusCommand.class,
      ListCommand.class,
      WaitCommand.class,
      CancelCommand.class,
      RetryCommand.class,
      HistoryCommand.class,
      ResultCommand.class,
      KeysCommand.class,
      dev.ujm.server.cli.SchedulesCommand.class,
      dev.ujm.server.cli.WorkflowCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  /** Exit code of a request that failed. */
  public static final int FAILED = 1;

  /** Exit code of bad usage or a bad configuration. */
  public static final int USAGE = 2;

  private final Map<String, String> env;
  private final PrintWriter out;
  private final PrintWriter err;
  @Spec private CommandSpec spec;

  private Main(Map<String, String> env, PrintWriter out, PrintWriter err) {
    this.env = Map.copyOf(env);
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(args, System.getenv(), out, err));
  }

  /**
   * Runs one command line in this process: what {@link #main} does, without exiting, so tests can
   * call it.
   *
   * @param env the environment variables to read settings from
   * @return the exit code
   */
  public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    Main main = new Main(env, out, err);
    CommandLine cli = new CommandLine(main);
    cli.setOut(out);
    cli.setErr(err);
    cli.setExitCodeExceptionMapper(e -> USAGE);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          err.println("ujm: " + oneLine(e));
          err.flush();
          return e instanceof CliException c ? c.exitCode() : FAILED;
        });
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  private static String oneLine(Exception e) {
    return switch (e) {
      case UjmApiException api ->
          api.getMessage() + " (HTTP " + api.status() + ", " + shortType(api.type()) + ")";
      case UjmClientException client -> client.getMessage();
      default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    };
  }

  private static String shortType(String type) {
    return type == null ? "error" : type.substring(type.lastIndexOf('/') + 1);
  }

  /** Without a subcommand: the usage, exit 2. */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a command, for example: ujm serve");
  }

  /** The environment variables this run reads. */
  public Map<String, String> env() {
    return env;
  }

  public PrintWriter out() {
    return out;
  }

  public PrintWriter err() {
    return err;
  }
}
