package dev.ujm.jobs.email;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SMTP front on 127.0.0.1 that answers its first connections with {@code 421} (service not
 * available, try later) and passes every later connection through to a real server.
 */
final class RefusingSmtpProxy implements AutoCloseable {
  private final ServerSocket socket;
  private final AtomicInteger refusalsLeft;
  private final AtomicInteger connections = new AtomicInteger();

  RefusingSmtpProxy(int refusals, int targetPort) throws IOException {
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.refusalsLeft = new AtomicInteger(refusals);
    Thread.ofVirtual().start(() -> acceptLoop(targetPort));
  }

  int port() {
    return socket.getLocalPort();
  }

  /** Connections accepted so far. */
  int connections() {
    return connections.get();
  }

  private void acceptLoop(int targetPort) {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        connections.incrementAndGet();
        if (refusalsLeft.getAndDecrement() > 0) {
          try (client) {
            client
                .getOutputStream()
                .write("421 4.3.2 busy, try again later\r\n".getBytes(StandardCharsets.US_ASCII));
          }
          continue;
        }
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        Thread.ofVirtual().start(() -> pump(client, server));
        Thread.ofVirtual().start(() -> pump(server, client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private static void pump(Socket from, Socket to) {
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // one side closed
    } finally {
      try {
        from.close();
        to.close();
      } catch (IOException e) {
        // already closed
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
