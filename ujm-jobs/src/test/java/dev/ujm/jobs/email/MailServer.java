package dev.ujm.jobs.email;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

/** A GreenMail SMTP server on 127.0.0.1 and a free port, which a test may start later. */
final class MailServer implements AutoCloseable {
  private final int port;
  private GreenMail greenMail;

  private MailServer(int port) {
    this.port = port;
  }

  /** A server already listening. */
  static MailServer started() {
    MailServer server = reserved();
    server.start();
    return server;
  }

  /** A free port with nothing listening on it yet (the "server is down" case). */
  static MailServer reserved() {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return new MailServer(probe.getLocalPort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void start() {
    greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    greenMail.start();
  }

  int port() {
    return port;
  }

  List<MimeMessage> received() {
    return greenMail == null ? List.of() : List.of(greenMail.getReceivedMessages());
  }

  @Override
  public void close() {
    if (greenMail != null) {
      greenMail.stop();
    }
  }
}
