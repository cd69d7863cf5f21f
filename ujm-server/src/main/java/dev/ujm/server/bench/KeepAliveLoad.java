package dev.ujm.server.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop HTTP/1.1 load over a fixed set of keep-alive connections, in the manner of wrk2.
 *
 * <ol>
 *   <li>Request {@code i} is due at {@code start + i * period}, whatever happened to earlier
 *       requests.
 *   <li>Each connection's virtual thread takes the next due request, waits for its time, sends it
 *       and reads the answer.
 *   <li>The latency is measured from the due time, so a request that waited for a free connection
 *       counts its waiting (no coordinated omission).
 * </ol>
 *
 * A lean client on purpose: on a small machine a heavyweight client would take the CPU the server
 * is measured with.
 */
final class KeepAliveLoad {
  private final URI target;
  private final byte[] request;
  private final int connections;

  KeepAliveLoad(URI target, String path, String apiKey, String jsonBody, int connections) {
    this.target = target;
    this.connections = connections;
    byte[] body = jsonBody.getBytes(StandardCharsets.UTF_8);
    String head =
        "POST "
            + path
            + " HTTP/1.1\r\nHost: "
            + target.getHost()
            + ":"
            + target.getPort()
            + "\r\nAuthorization: Bearer "
            + apiKey
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + body.length
            + "\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    request = new byte[headBytes.length + body.length];
    System.arraycopy(headBytes, 0, request, 0, headBytes.length);
    System.arraycopy(body, 0, request, headBytes.length, body.length);
  }

  /** The outcome of one run: latencies in nanoseconds by request index, and the errors. */
  record Run(long[] latencies, int errors, String firstError) {}

  /**
   * Sends {@code total} requests at {@code perSecond}; {@code expectedStatus} counts as success.
   */
  Run run(int total, int perSecond, int expectedStatus) throws InterruptedException {
    long period = 1_000_000_000L / perSecond;
    long[] latencies = new long[total];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    AtomicReference<String> firstError = new AtomicReference<>();
    long start = System.nanoTime() + 50_000_000L;
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < connections; c++) {
        threads.submit(
            () -> {
              Connection connection = null;
              int i;
              while ((i = next.getAndIncrement()) < total) {
                long due = start + i * period;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                  LockSupport.parkNanos(wait);
                }
                try {
                  if (connection == null) {
                    connection = new Connection(target);
                  }
                  int status = connection.exchange(request);
                  if (status != expectedStatus) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, "HTTP " + status);
                  }
                } catch (IOException e) {
                  errors.incrementAndGet();
                  firstError.compareAndSet(null, e.toString());
                  closeQuietly(connection);
                  connection = null;
                }
                latencies[i] = System.nanoTime() - due;
              }
              closeQuietly(connection);
            });
      }
      threads.shutdown();
      if (!threads.awaitTermination(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException("load did not finish in 5 minutes");
      }
    }
    return new Run(latencies, errors.get(), firstError.get());
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      connection.close();
    }
  }

  /**
   * One keep-alive connection: writes a request, reads one whole answer (Content-Length or
   * chunked).
   */
  private static final class Connection {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    Connection(URI target) throws IOException {
      socket = new Socket(target.getHost(), target.getPort());
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(30_000);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    }

    int exchange(byte[] request) throws IOException {
      out.write(request);
      out.flush();
      String statusLine = line();
      if (statusLine.length() < 12) {
        throw new IOException("bad status line '" + statusLine + "'");
      }
      int status = Integer.parseInt(statusLine.substring(9, 12));
      long length = -1;
      boolean chunked = false;
      for (String header = line(); !header.isEmpty(); header = line()) {
        String lower = header.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Long.parseLong(lower.substring(15).trim());
        } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        }
      }
      if (chunked) {
        for (long size = Long.parseLong(line().trim(), 16);
            size > 0;
            size = Long.parseLong(line().trim(), 16)) {
          skip(size);
          line();
        }
        line();
      } else if (length > 0) {
        skip(length);
      }
      return status;
    }

    private String line() throws IOException {
      StringBuilder line = new StringBuilder();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new IOException("connection closed by the server");
        }
        if (b != '\r') {
          line.append((char) b);
        }
      }
      return line.toString();
    }

    private void skip(long count) throws IOException {
      long left = count;
      while (left > 0) {
        long skipped = in.skip(left);
        if (skipped <= 0) {
          if (in.read() < 0) {
            throw new IOException("connection closed by the server");
          }
          skipped = 1;
        }
        left -= skipped;
      }
    }

    void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // closing a connection that failed; nothing to do
      }
    }
  }
}
