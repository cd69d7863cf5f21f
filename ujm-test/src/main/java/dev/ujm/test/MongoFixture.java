package dev.ujm.test;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * A MongoDB for a test class: the wire-protocol server {@code mongo-java-server} in this process,
 * in memory, on a free port of 127.0.0.1, reached through the official driver like a real one. When
 * {@code UJM_TEST_MONGO_URI} is set, that real MongoDB is used instead, and every {@link
 * #freshDatabase()} is a new database name on it, so tests never see each other's data.
 *
 * <pre>{@code
 * @RegisterExtension static final MongoFixture MONGO = MongoFixture.inProcess();
 * }</pre>
 *
 * <p>What the in-process server lacks (multi-document transactions, change streams, TTL expiry,
 * write concern beyond one node) cannot be checked against it; tests that would need them say so.
 */
public final class MongoFixture extends ClassScopedResource {
  /** The environment variable naming a real MongoDB to test against instead. */
  public static final String REAL_MONGO_URI = "UJM_TEST_MONGO_URI";

  private final String realUri;
  private MongoServer server;
  private int port;
  private String uri;

  private MongoFixture(String realUri) {
    this.realUri = realUri;
  }

  /** The in-process server, or the real MongoDB {@code UJM_TEST_MONGO_URI} names. */
  public static MongoFixture inProcess() {
    String real = System.getenv(REAL_MONGO_URI);
    return new MongoFixture(real == null || real.isBlank() ? null : real);
  }

  @Override
  void startForClass() {
    start();
  }

  /** Starts the in-process server (nothing to start for a real MongoDB). */
  public MongoFixture start() {
    if (uri != null) {
      return this;
    }
    if (realUri != null) {
      uri = realUri;
      return this;
    }
    if (port == 0) {
      port = RedisServer.freePort();
    }
    server = new MongoServer(new MemoryBackend());
    server.bind("127.0.0.1", port);
    uri = "mongodb://127.0.0.1:" + port;
    return this;
  }

  /** The connection string, without a database name. */
  public String uri() {
    if (uri == null) {
      throw new IllegalStateException("the MongoDB fixture has not started");
    }
    return uri;
  }

  /** Whether this is a real MongoDB ({@code UJM_TEST_MONGO_URI}) rather than the fixture. */
  public boolean isReal() {
    return realUri != null;
  }

  /** A database name no other test uses. */
  public String freshDatabase() {
    return "ujm_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  /**
   * Stops the in-process server, losing its data; clients see a MongoDB that is down until {@link
   * #start()} opens an empty one on the same port.
   */
  public void stop() {
    if (server != null) {
      server.shutdownNow();
      server = null;
      uri = null;
    }
  }

  @Override
  public void close() {
    stop();
  }

  /**
   * Runs the in-process server as a process of its own (for tests that run several {@code ujm
   * serve} processes on one MongoDB): {@code MongoFixture <port>} listens on 127.0.0.1 until
   * killed.
   */
  public static void main(String[] args) throws InterruptedException {
    MongoServer server = new MongoServer(new MemoryBackend());
    server.bind("127.0.0.1", Integer.parseInt(args[0]));
    System.err.println("mongo-java-server listening on 127.0.0.1:" + args[0]);
    new CountDownLatch(1).await();
  }
}
