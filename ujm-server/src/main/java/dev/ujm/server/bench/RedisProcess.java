package dev.ujm.server.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code redis-server} of the benchmark's own on a free port of 127.0.0.1, in a fresh directory,
 * with one of the durability settings BullMQ users choose from. Closing stops it and deletes its
 * files.
 */
final class RedisProcess implements AutoCloseable {
  /** What Redis writes to disk, and when. */
  enum Durability {
    NONE("none", "no persistence", "--save", "", "--appendonly", "no"),
    EVERYSEC(
        "last second may be lost",
        "AOF appendfsync everysec",
        "--save",
        "",
        "--appendonly",
        "yes",
        "--appendfsync",
        "everysec"),
    ALWAYS(
        "every write",
        "AOF appendfsync always",
        "--save",
        "",
        "--appendonly",
        "yes",
        "--appendfsync",
        "always");

    final String promise;
    final String setting;
    final List<String> arguments;

    Durability(String promise, String setting, String... arguments) {
      this.promise = promise;
      this.setting = setting;
      this.arguments = List.of(arguments);
    }
  }

  private final Path dir;
  private final ChildProcess child;
  private final Process process;
  private final int port;

  private RedisProcess(Path dir, Process process, int port) {
    this.dir = dir;
    this.child = new ChildProcess(process, dir);
    this.process = process;
    this.port = port;
  }

  /** Starts the server and returns once it answers PING. */
  static RedisProcess start(Durability durability) throws IOException, InterruptedException {
    Path dir = ScratchDirectory.create("ujm-bench-redis");
    int port = ServeProcess.freePort();
    List<String> command =
        new ArrayList<>(
            List.of(
                "redis-server",
                "--port",
                String.valueOf(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                dir.toString()));
    command.addAll(durability.arguments);
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("redis.log").toFile())
              .start();
    } catch (IOException e) {
      ScratchDirectory.delete(dir);
      throw new IOException("redis-server was not found on the PATH", e);
    }
    RedisProcess redis = new RedisProcess(dir, process, port);
    try {
      redis.awaitPong();
    } catch (IOException | InterruptedException | RuntimeException e) {
      redis.close();
      throw e;
    }
    return redis;
  }

  int port() {
    return port;
  }

  private void awaitPong() throws InterruptedException, IOException {
    Waits.until(
        this::answersPing,
        Duration.ofSeconds(20),
        Duration.ofMillis(20),
        () -> "redis-server did not answer within 20 s");
  }

  private boolean answersPing() throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      byte[] answer = in.readNBytes(7);
      if (new String(answer, StandardCharsets.US_ASCII).startsWith("+PONG")) {
        return true;
      }
    } catch (IOException e) {
      // not listening yet
    }
    if (!process.isAlive()) {
      throw new IOException("redis-server exited; see " + dir.resolve("redis.log"));
    }
    return false;
  }

  @Override
  public void close() {
    child.close();
  }
}
