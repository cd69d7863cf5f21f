package dev.ujm.test;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A real, small file system for one test: a {@code tmpfs} of a few megabytes mounted on a
 * directory, so a test can fill the disk under a data directory, or make it read-only, and see what
 * UJM does. Mounting needs root on Linux; {@link #isAvailable()} says whether this machine allows
 * it, and tests that need one skip themselves when it does not. {@link #close()} unmounts.
 */
public final class SmallFileSystem implements AutoCloseable {
  private static Boolean available;

  private final Path mountPoint;
  private final List<Path> ballast = new ArrayList<>();

  private SmallFileSystem(Path mountPoint) {
    this.mountPoint = mountPoint;
  }

  /** Whether a tmpfs can be mounted here (Linux, as root); tried once per JVM. */
  public static synchronized boolean isAvailable() {
    if (available == null) {
      available = probe();
    }
    return available;
  }

  /**
   * Mounts a tmpfs of this size on the directory (created when missing), private to its owner.
   *
   * @throws IllegalStateException when mounting fails
   */
  public static SmallFileSystem mount(Path dir, int megabytes) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m,mode=0700", "tmpfs", dir.toString());
    return new SmallFileSystem(dir);
  }

  public Path path() {
    return mountPoint;
  }

  /** Bytes still free. */
  public long freeBytes() {
    try {
      return Files.getFileStore(mountPoint).getUsableSpace();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a ballast file so that only about {@code leaveBytes} stay free. */
  public void fillLeaving(long leaveBytes) {
    Path file = mountPoint.resolve("ballast-" + ballast.size());
    ballast.add(file);
    byte[] chunk = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(file)) {
      while (freeBytes() > leaveBytes + chunk.length) {
        out.write(chunk);
      }
    } catch (IOException e) {
      // the disk filled up before the goal: as full as it gets
    }
  }

  /** Deletes the ballast files: the space they took is free again. */
  public void freeBallast() {
    try {
      for (Path file : ballast) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ballast.clear();
  }

  /** Makes the file system read-only (as after a disk error or a read-only mount). */
  public void remountReadOnly() {
    run("mount", "-o", "remount,ro", mountPoint.toString());
  }

  public void remountReadWrite() {
    run("mount", "-o", "remount,rw", mountPoint.toString());
  }

  /** Unmounts, lazily when files are still open, so a failed test leaves nothing mounted. */
  @Override
  public void close() {
    run("umount", "-l", mountPoint.toString());
  }

  private static boolean probe() {
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
      return false;
    }
    Path dir = null;
    try {
      dir = Files.createTempDirectory("ujm-tmpfs-probe");
      try (SmallFileSystem probe = mount(dir, 1)) {
        return Files.isWritable(probe.path());
      }
    } catch (IOException | RuntimeException e) {
      return false;
    } finally {
      if (dir != null) {
        dir.toFile().delete();
      }
    }
  }

  private static void run(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish");
      }
      if (process.exitValue() != 0) {
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output.trim());
      }
    } catch (IOException e) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
