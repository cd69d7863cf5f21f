package dev.ujm.server.bench.jobs;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.ujm.core.config.UjmConfig;
import dev.ujm.core.engine.Ujm;
import dev.ujm.core.files.DataDirectoryFileStore;
import dev.ujm.core.files.FileStore;
import dev.ujm.core.files.NewFile;
import dev.ujm.core.files.StoredFile;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.NewJob;
import dev.ujm.server.bench.ScratchDirectory;
import dev.ujm.store.sqlite.SqliteJobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run of each job-type measurement, on the embedded store in a fresh scratch directory with the
 * node's own workers, so every number includes the store's durable writes:
 *
 * <ol>
 *   <li>e-mail: {@code count} messages submitted at once to a GreenMail server on 127.0.0.1, from
 *       the first submit to the last completion;
 *   <li>file-process: one job with one step on a generated CSV file, from claim to completion;
 *   <li>process start: {@code count} jobs of a type whose program reads its input and exits, one
 *       after another, each from claim to completion, with and without bubblewrap.
 * </ol>
 */
final class JobTypeBench {
  private JobTypeBench() {}

  /** E-mails per second. */
  static double emails(int count, int workers) {
    int port = freePort();
    GreenMail mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
    Path dir = ScratchDirectory.create("ujm-bench-email");
    Map<String, String> env = new HashMap<>();
    env.put("UJM_SMTP_HOST", "127.0.0.1");
    env.put("UJM_SMTP_PORT", String.valueOf(port));
    env.put("UJM_SMTP_SECURITY", "none");
    env.put("UJM_SMTP_FROM", "bench@example.test");
    env.put("UJM_WORKERS_EMAIL", String.valueOf(workers));
    try (Node node = Node.start(dir, env, null)) {
      List<NewJob> jobs = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        jobs.add(
            NewJob.ofType("email")
                .payload(
                    Map.of(
                        "to",
                        List.of("reader" + (i % 20) + "@example.test"),
                        "subject",
                        "bench " + i,
                        "text",
                        "Hello " + i))
                .build());
      }
      long start = System.nanoTime();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < jobs.size(); i += 1000) {
        node.ujm
            .jobs()
            .submitAll(jobs.subList(i, Math.min(jobs.size(), i + 1000)))
            .forEach(r -> ids.add(r.job().id()));
      }
      node.awaitAll(ids);
      double seconds = (System.nanoTime() - start) / 1e9;
      if (mail.getReceivedMessages().length != count) {
        throw new IllegalStateException(
            "GreenMail received " + mail.getReceivedMessages().length + " of " + count);
      }
      return count / seconds;
    } finally {
      mail.stop();
      ScratchDirectory.delete(dir);
    }
  }

  /** MB/s of one file-process step on a CSV file of about {@code megabytes}. */
  static double fileProcess(String step, int megabytes) {
    Path dir = ScratchDirectory.create("ujm-bench-files");
    try {
      FileStore files = DataDirectoryFileStore.open(dir.resolve("files"), InstantSource.system());
      Path csv = dir.resolve("data.csv");
      writeCsv(csv, megabytes * 1_000_000L);
      StoredFile source;
      try (InputStream in = Files.newInputStream(csv)) {
        source =
            files.put(new NewFile(null, null, "data.csv", "text/csv", null, Long.MAX_VALUE), in);
      }
      try (Node node =
          Node.start(dir, Map.of("UJM_MAX_FILE_BYTES", String.valueOf(1L << 40)), files)) {
        String id =
            node.ujm
                .submit(
                    NewJob.ofType("file-process")
                        .payload(
                            Map.of("fileId", source.id(), "steps", List.of(Map.of("name", step))))
                        .build())
                .job()
                .id();
        Job done = node.awaitAll(List.of(id)).get(0);
        if (!done.state().wireName().equals("completed")) {
          throw new IllegalStateException(
              "the file-process job ended " + done.state().wireName() + ": " + done.errors());
        }
        double seconds = Duration.between(done.startedAt(), done.finishedAt()).toNanos() / 1e9;
        return source.size() / 1e6 / seconds;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      ScratchDirectory.delete(dir);
    }
  }

  /** Claim-to-completion milliseconds of {@code count} trivial process jobs, in order. */
  static long[] processStarts(int count, boolean isolated) {
    Path dir = ScratchDirectory.create("ujm-bench-process");
    try {
      Path types = Files.createDirectories(dir.resolve("types"));
      Files.writeString(
          types.resolve("quick.json"),
          "{\"name\": \"quick\", \"command\": [\"/bin/sh\", \"-c\", \"cat > /dev/null\"],"
              + " \"limits\": {\"cpuSeconds\": 10, \"memoryMb\": 64, \"processes\": 16, \"wallSeconds\": 30},"
              + " \"isolation\": \""
              + (isolated ? "bwrap" : "none")
              + "\"}");
      Map<String, String> env =
          Map.of("UJM_PROCESS_TYPES", types.toString(), "UJM_PROCESS_ALLOW_UNISOLATED", "true");
      try (Node node = Node.start(dir, env, null)) {
        long[] millis = new long[count];
        for (int i = 0; i < count; i++) {
          String id =
              node.ujm.submit(NewJob.ofType("quick").payload(Map.of("i", i)).build()).job().id();
          Job done = node.awaitAll(List.of(id)).get(0);
          if (!done.state().wireName().equals("completed")) {
            throw new IllegalStateException(
                "a process job ended " + done.state().wireName() + ": " + done.errors());
          }
          millis[i] = Duration.between(done.startedAt(), done.finishedAt()).toMillis();
        }
        return millis;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      ScratchDirectory.delete(dir);
    }
  }

  static double percentile(long[] values, double p) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static void writeCsv(Path file, long bytes) throws IOException {
    try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("id,name,city,amount,note\n");
      long written = 0;
      for (long i = 0; written < bytes; i++) {
        String line =
            i
                + ",customer "
                + i
                + ",City "
                + (i % 97)
                + ","
                + (i * 37 % 10_000) / 100.0
                + ",\"a note, with a comma\"\n";
        out.write(line);
        written += line.length();
      }
    }
  }

  private static int freePort() {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A node on the embedded store of a scratch directory. */
  private static final class Node implements AutoCloseable {
    final SqliteJobStore store;
    final Ujm ujm;

    private Node(SqliteJobStore store, Ujm ujm) {
      this.store = store;
      this.ujm = ujm;
    }

    static Node start(Path dir, Map<String, String> settings, FileStore files) {
      Map<String, String> env = new HashMap<>(settings);
      env.put("UJM_DATA_DIR", dir.toString());
      SqliteJobStore store = SqliteJobStore.open(dir.resolve("ujm.db"), InstantSource.system());
      Ujm.Builder builder = Ujm.builder().store(store).config(UjmConfig.from(env)).nodeId("bench");
      Optional.ofNullable(files).ifPresent(f -> builder.service(FileStore.class, f));
      return new Node(store, builder.build().start());
    }

    /** Waits for every job to end, on the store's change events; returns them. */
    List<Job> awaitAll(List<String> ids) {
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      List<Job> done = new ArrayList<>();
      for (String id : ids) {
        Job job;
        while (!(job = store.get(id).orElseThrow()).state().isFinal()) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("job " + id + " did not end in 10 minutes");
          }
          try {
            Thread.sleep(1); // benchmark polling; the measured times come from the store
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
        }
        done.add(job);
      }
      return done;
    }

    @Override
    public void close() {
      ujm.stop(Duration.ofSeconds(5));
      store.close();
    }
  }
}
