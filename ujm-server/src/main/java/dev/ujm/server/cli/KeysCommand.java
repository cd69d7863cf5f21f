package dev.ujm.server.cli;

import dev.ujm.api.ApiKeyView;
import dev.ujm.api.CreateKeyRequest;
import dev.ujm.api.CreatedApiKey;
import dev.ujm.api.ListResponse;
import dev.ujm.server.Main;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ujm keys create|list|revoke}: API key management (admin key needed). */
@Command(
    name = "keys",
    description = "Manage API keys (needs an admin key).",
    subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
public final class KeysCommand implements Runnable {
  @ParentCommand private Main main;
  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a keys command: create, list or revoke");
  }

  /** {@code ujm keys create --role R --tenant T --user U [--name N]}. */
  @Command(name = "create", description = "Create a key; its secret is printed once.")
  public static final class Create implements Callable<Integer> {
    @ParentCommand private KeysCommand keys;
    @Mixin private ClientOptions client;

    @Option(names = "--role", required = true, description = "operator, admin, user or readonly")
    private String role;

    @Option(
        names = "--tenant",
        required = true,
        description = "the tenant whose jobs the key works on")
    private String tenant;

    @Option(names = "--user", required = true, description = "the user the key acts as")
    private String user;

    @Option(names = "--name", description = "a label for people")
    private String name;

    @Override
    public Integer call() {
      CreatedApiKey key =
          client.client(keys.main.env()).createKey(new CreateKeyRequest(role, tenant, user, name));
      if (client.json()) {
        Output.json(keys.main.out(), key);
        return 0;
      }
      Output.keys(
          keys.main.out(),
          List.of(
              new ApiKeyView(
                  key.id(),
                  key.role(),
                  key.tenantId(),
                  key.userId(),
                  key.name(),
                  key.createdAt(),
                  null)));
      keys.main.out().println("key: " + key.key());
      keys.main.out().println("(the key is shown only now; keep it safe)");
      return 0;
    }
  }

  /** {@code ujm keys list}. */
  @Command(name = "list", description = "List the keys of the tenant (never their secrets).")
  public static final class ListKeys implements Callable<Integer> {
    @ParentCommand private KeysCommand keys;
    @Mixin private ClientOptions client;

    @Option(names = "--tenant", description = "another tenant")
    private String tenant;

    @Option(names = "--cursor", description = "the next page")
    private String cursor;

    @Override
    public Integer call() {
      ListResponse<ApiKeyView> page = client.client(keys.main.env()).listKeys(tenant, cursor, null);
      if (client.json()) {
        Output.json(keys.main.out(), page);
        return 0;
      }
      Output.keys(keys.main.out(), page.items());
      if (page.nextCursor() != null) {
        keys.main.out().println("more: ujm keys list --cursor " + page.nextCursor());
      }
      return 0;
    }
  }

  /** {@code ujm keys revoke ID}. */
  @Command(name = "revoke", description = "Revoke a key; it stops working at once.")
  public static final class Revoke implements Callable<Integer> {
    @ParentCommand private KeysCommand keys;
    @Mixin private ClientOptions client;

    @Parameters(index = "0", paramLabel = "ID", description = "the key id")
    private String id;

    @Option(names = "--tenant", description = "the key's tenant, when not the admin's own")
    private String tenant;

    @Override
    public Integer call() {
      ApiKeyView key = client.client(keys.main.env()).revokeKey(id, tenant);
      if (client.json()) {
        Output.json(keys.main.out(), key);
      } else {
        Output.keys(keys.main.out(), List.of(key));
      }
      return 0;
    }
  }
}
