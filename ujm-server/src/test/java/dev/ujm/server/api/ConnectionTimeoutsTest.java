package dev.ujm.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ujm.api.SubmitJobRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow clients cannot hold connections: a connection idle past the idle timeout is closed, and one
 * whose request headers trickle in past the header deadline is closed however steadily the bytes
 * come; a long-poll may wait longer than the idle timeout. The server here has short timeouts (1 s
 * of idle, 1 s for headers) so the test does not wait long.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionTimeoutsTest {
  @TempDir static Path dir;
  private ServerFixture ujm;

  @BeforeAll
  void start() {
    ujm =
        ServerFixture.start(
            dir,
            Map.of(),
            b -> b.idleTimeout(Duration.ofSeconds(1)).headerTimeout(Duration.ofSeconds(1)));
  }

  @AfterAll
  void stop() {
    ujm.close();
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), ujm.server().port());
    socket.setSoTimeout(100);
    return socket;
  }

  /** Whether the server has closed the connection: a read sees the end of the stream. */
  private static boolean closedByServer(Socket socket) {
    try {
      InputStream in = socket.getInputStream();
      while (true) {
        int b = in.read();
        if (b < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  @Test
  void a_connection_that_stops_in_the_middle_of_its_headers_is_closed() throws IOException {
    try (Socket socket = connect()) {
      socket
          .getOutputStream()
          .write("GET /health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));

      await().atMost(Duration.ofSeconds(20)).until(() -> closedByServer(socket));
    }
  }

  @Test
  void headers_that_trickle_in_a_byte_at_a_time_are_cut_at_the_header_deadline()
      throws IOException {
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      out.write("GET /health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      // one header byte every 100 ms keeps the connection from ever being idle for a second
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                try {
                  out.write('X');
                  out.flush();
                } catch (IOException e) {
                  return true;
                }
                return closedByServer(socket);
              });
    }
  }

  @Test
  void a_long_poll_may_wait_longer_than_the_idle_timeout() {
    String id =
        ujm.admin().submit(SubmitJobRequest.of("noop", null).withDelaySeconds(3600L)).job().id();

    var answer =
        ujm.send(
            "GET",
            "/api/v2/jobs/" + id + "/wait?timeoutSeconds=3&state=scheduled",
            ServerFixture.ADMIN_KEY,
            null);

    assertThat(answer.statusCode()).isEqualTo(204);
  }

  @Test
  void a_complete_request_is_answered_and_its_connection_kept_alive_until_idle()
      throws IOException {
    try (Socket socket = connect()) {
      socket
          .getOutputStream()
          .write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      socket.setSoTimeout(5000);
      byte[] head = socket.getInputStream().readNBytes(12);
      assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
      socket.setSoTimeout(100);

      await().atMost(Duration.ofSeconds(20)).until(() -> closedByServer(socket));
    }
  }
}
