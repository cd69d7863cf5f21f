package dev.ujm.store.redismongo;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import java.time.Duration;

/**
 * The Lettuce client options of every UJM connection to Redis: reconnect by itself, and while
 * disconnected reject commands at once instead of queueing them, so no caller waits on a Redis that
 * is away for longer than {@code timeout}. Stateless.
 */
public final class FailFastRedis {
  private FailFastRedis() {}

  /** The options: connect, and every command, within {@code timeout}. */
  public static ClientOptions options(Duration timeout) {
    return ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
        .timeoutOptions(TimeoutOptions.enabled(timeout))
        .build();
  }
}
