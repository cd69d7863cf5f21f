package dev.ujm.store.redismongo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.test.RedisServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Checks after each test that a single-node cluster answered no command or script with {@code
 * CROSSSLOT}: the counts start afresh before each test, and a test that leaves the node stopped
 * took its counts with it (the next start begins anew).
 */
final class NoCrossSlotCommands implements BeforeEachCallback, AfterEachCallback {
  private final RedisServer cluster;

  NoCrossSlotCommands(RedisServer cluster) {
    this.cluster = cluster;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    cluster.resetErrorStats();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (cluster.isRunning()) {
      assertThat(cluster.errorStats()).as("errors answered").doesNotContainKey("CROSSSLOT");
    }
  }
}
