package dev.ujm.server.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of this build, written into {@code build.properties} by the build. */
public final class BuildInfo {
  private static final String RESOURCE = "/dev/ujm/server/build.properties";
  private static final String VERSION = read();

  private BuildInfo() {}

  /** The project version this build was made from, or {@code unknown}. */
  public static String version() {
    return VERSION;
  }

  private static String read() {
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
