package dev.ujm.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * A real {@code redis-server} process for a test class, on a free port of 127.0.0.1, in a temp
 * directory of its own. Register it as a static field:
 *
 * <pre>{@code
 * @RegisterExtension static final RedisServer REDIS = RedisServer.ephemeral();
 * }</pre>
 *
 * <p>It starts before the class's first test and stops after its last. A test may {@link #stop()}
 * it, {@link #kill()} it ({@code kill -9}), {@link #restart()} it on the same port (empty unless
 * AOF is on, {@link #withAppendOnly()}) or {@link #flushAll()} it. Not thread-safe: one test drives
 * it at a time.
 *
 * <p>{@link #singleNodeCluster()} runs it with {@code cluster-enabled yes}, owning all 16384 slots
 * itself: a plain client talks to it without redirects, and it refuses what a Redis Cluster refuses
 * (a command or script whose keys hash to different slots, {@code CROSSSLOT}), so a test of a key
 * layout needs no second node.
 */
public final class RedisServer extends ClassScopedResource {
  /** Where Debian's {@code redis-server} package installs the binary. */
  public static final Path BINARY = Path.of("/usr/bin/redis-server");

  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
  private static final int LAST_SLOT = 16383;

  private final boolean appendOnly;
  private final boolean cluster;
  private Path directory;
  private int port;
  private Process process;

  private RedisServer(boolean appendOnly, boolean cluster) {
    this.appendOnly = appendOnly;
    this.cluster = cluster;
  }

  /** A server that keeps nothing on disk ({@code --save "" --appendonly no}). */
  public static RedisServer ephemeral() {
    return new RedisServer(false, false);
  }

  /** A server that writes every change to its append-only file, so a restart keeps the data. */
  public static RedisServer withAppendOnly() {
    return new RedisServer(true, false);
  }

  /**
   * A server in cluster mode that keeps nothing on disk but its cluster configuration (in its temp
   * directory) and serves every slot: a Redis Cluster of one node.
   */
  public static RedisServer singleNodeCluster() {
    return new RedisServer(false, true);
  }

  @Override
  void startForClass() {
    start();
  }

  /** Starts the server (on a new free port the first time, on the same port after a stop). */
  public RedisServer start() {
    if (process != null && process.isAlive()) {
      return this;
    }
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(
          "the Redis tests need " + BINARY + ": install the Debian package redis-server.");
    }
    try {
      if (directory == null) {
        directory = Files.createTempDirectory("ujm-redis-");
        port = freePort();
      }
      List<String> command = new ArrayList<>();
      command.addAll(
          List.of(
              BINARY.toString(),
              "--port",
              String.valueOf(port),
              "--bind",
              "127.0.0.1",
              "--dir",
              directory.toString(),
              "--save",
              "",
              "--daemonize",
              "no",
              "--maxmemory-policy",
              "noeviction"));
      command.addAll(
          appendOnly
              ? List.of("--appendonly", "yes", "--appendfsync", "always")
              : List.of("--appendonly", "no"));
      if (cluster) {
        command.addAll(
            List.of(
                "--cluster-enabled",
                "yes",
                "--cluster-config-file",
                directory.resolve("nodes.conf").toString()));
      }
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(directory.resolve("redis.log").toFile())
              .start();
      Process started = process;
      // a test JVM that ends without calling afterAll (killed, timed out) leaves no server behind
      Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
      awaitPing();
      if (cluster) {
        ownEverySlot();
      }
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the server gracefully (SIGTERM) and waits for it to exit. */
  public void stop() {
    end(false);
  }

  /** Kills the server with SIGKILL, as a crash would, and waits for it to exit. */
  public void kill() {
    end(true);
  }

  /** Stops the server and starts it again on the same port. */
  public void restart() {
    stop();
    start();
  }

  /** Deletes every key of every database ({@code FLUSHALL}), as an operator's mistake would. */
  public void flushAll() {
    String reply = command("FLUSHALL");
    if (!reply.startsWith("+OK")) {
      throw new IllegalStateException("FLUSHALL answered " + reply);
    }
  }

  /**
   * The errors the server answered since it started or since {@link #resetErrorStats}, by prefix
   * ({@code CROSSSLOT}, {@code ERR}, ...), as {@code INFO errorstats} counts them.
   */
  public Map<String, Long> errorStats() {
    Map<String, Long> errors = new TreeMap<>();
    for (String line : text("INFO errorstats").split("\r\n")) {
      // errorstat_CROSSSLOT:count=2
      if (line.startsWith("errorstat_")) {
        int colon = line.indexOf(':');
        errors.put(
            line.substring("errorstat_".length(), colon),
            Long.parseLong(line.substring(line.indexOf('=', colon) + 1)));
      }
    }
    return errors;
  }

  /**
   * The commands the server refused ({@code CROSSSLOT}, a wrong type) or that failed while running
   * (a script's error, {@code NOSCRIPT}) since it started or since {@link #resetErrorStats}: per
   * command, as {@code INFO commandstats} counts them, its {@code rejected_calls} plus {@code
   * failed_calls}, for each command with any.
   */
  public Map<String, Long> refusedCalls() {
    Map<String, Long> refused = new TreeMap<>();
    for (String line : text("INFO commandstats").split("\r\n")) {
      // cmdstat_eval:calls=3,usec=145,usec_per_call=48.33,rejected_calls=1,failed_calls=0
      if (line.startsWith("cmdstat_")) {
        long n = 0;
        for (String field : line.substring(line.indexOf(':') + 1).split(",")) {
          if (field.startsWith("rejected_calls=") || field.startsWith("failed_calls=")) {
            n += Long.parseLong(field.substring(field.indexOf('=') + 1));
          }
        }
        if (n > 0) {
          refused.put(line.substring("cmdstat_".length(), line.indexOf(':')), n);
        }
      }
    }
    return refused;
  }

  /** Sets the counts of {@link #errorStats} and {@link #refusedCalls} back to none. */
  public void resetErrorStats() {
    String reply = command("CONFIG RESETSTAT");
    if (!reply.startsWith("+OK")) {
      throw new IllegalStateException("CONFIG RESETSTAT answered " + reply);
    }
  }

  /** The port it listens on. */
  public int port() {
    return port;
  }

  /** Its URI, {@code redis://127.0.0.1:<port>}. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** Whether the process is running. */
  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  @Override
  public void close() {
    kill();
    if (directory != null) {
      try (var files = Files.walk(directory)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a leftover temp directory is harmless
      }
      directory = null;
    }
  }

  private void end(boolean forcibly) {
    if (process == null) {
      return;
    }
    if (forcibly) {
      process.destroyForcibly();
    } else {
      process.destroy();
    }
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping redis-server", e);
    }
  }

  private void awaitPing() {
    startWait("redis-server answering PING")
        .ignoreException(UncheckedIOException.class) // still starting: nothing listens yet
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(
                    "redis-server exited with " + process.exitValue() + "; see " + log());
              }
              return command("PING").startsWith("+PONG");
            });
  }

  /**
   * How the fixture waits for a starting server: checked every 20 ms, for {@link #START_TIMEOUT}.
   */
  private static ConditionFactory startWait(String what) {
    return Awaitility.await(what).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(20));
  }

  /**
   * Assigns every slot to this node unless its cluster configuration kept them (a restart), then
   * waits until the cluster says it is ok: before that it refuses every key command.
   */
  private void ownEverySlot() {
    if (clusterInfo().contains("cluster_slots_assigned:0")) {
      String reply = command("CLUSTER ADDSLOTSRANGE 0 " + LAST_SLOT);
      if (!reply.startsWith("+OK")) {
        throw new IllegalStateException("CLUSTER ADDSLOTSRANGE answered " + reply);
      }
    }
    startWait("the cluster ok").until(() -> clusterInfo().contains("cluster_state:ok"));
  }

  private String clusterInfo() {
    return text("CLUSTER INFO");
  }

  /** Sends one inline command whose reply is text (a bulk reply: its length, then the text). */
  private String text(String inline) {
    return exchange(
        inline,
        in -> {
          String header = readLine(in);
          if (!header.startsWith("$")) {
            throw new IllegalStateException(inline + " answered " + header);
          }
          return new String(
              in.readNBytes(Integer.parseInt(header.substring(1))), StandardCharsets.US_ASCII);
        });
  }

  private Path log() {
    return directory.resolve("redis.log");
  }

  /** Sends one inline command and returns the first line of the reply. */
  private String command(String inline) {
    return exchange(inline, RedisServer::readLine);
  }

  /** How a reply is read off the connection. */
  @FunctionalInterface
  private interface Reply {
    String read(InputStream in) throws IOException;
  }

  /** Sends one inline command on a connection of its own and reads its reply. */
  private String exchange(String inline, Reply reply) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write((inline + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return reply.read(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
      line.append((char) c);
    }
    return line.toString().strip();
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
