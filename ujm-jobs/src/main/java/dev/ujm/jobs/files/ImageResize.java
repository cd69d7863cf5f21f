package dev.ujm.jobs.files;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The {@code resize} and {@code thumbnail} steps ({@code javax.imageio}): scales an image to fit
 * within a width and height, keeping its aspect ratio and never enlarging it, and writes it in its
 * own format where the JDK can write that, else as PNG. Its size is read from the header first and
 * an image of more than {@code UJM_FILE_PROCESS_MAX_PIXELS} is refused before it is decoded.
 * Immutable.
 */
final class ImageResize implements FileSteps.Step {
  private final Integer width;
  private final Integer height;
  private final long maxPixels;
  private final String suffix;

  ImageResize(Integer width, Integer height, long maxPixels, String suffix) {
    this.width = width;
    this.height = height;
    this.maxPixels = maxPixels;
    this.suffix = suffix;
  }

  @Override
  public FileSteps.Outcome run(StepIo io) throws IOException, StepIo.StepFailedException {
    BufferedImage source;
    String format;
    try (InputStream in = io.open(io.input());
        ImageInputStream images = ImageIO.createImageInputStream(in)) {
      Iterator<ImageReader> readers = images == null ? null : ImageIO.getImageReaders(images);
      if (readers == null || !readers.hasNext()) {
        throw new StepIo.StepFailedException(
            io.input().name() + " is not an image this node reads");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(images, true, true);
        long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
        if (pixels > maxPixels) {
          throw new StepIo.StepFailedException(
              "the image has " + pixels + " pixels, more than UJM_FILE_PROCESS_MAX_PIXELS allows");
        }
        format = reader.getFormatName().toLowerCase(Locale.ROOT);
        source = reader.read(0);
      } finally {
        reader.dispose();
      }
    }
    double scale =
        Math.min(
            1.0,
            Math.min(
                width == null ? Double.MAX_VALUE : (double) width / source.getWidth(),
                height == null ? Double.MAX_VALUE : (double) height / source.getHeight()));
    int w = Math.max(1, (int) Math.round(source.getWidth() * scale));
    int h = Math.max(1, (int) Math.round(source.getHeight() * scale));
    String outFormat = ImageIO.getImageWritersByFormatName(format).hasNext() ? format : "png";
    boolean alpha = source.getColorModel().hasAlpha() && !outFormat.equals("jpeg");
    BufferedImage scaled =
        new BufferedImage(w, h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    Graphics2D g = scaled.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(source, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    String extension = outFormat.equals("jpeg") ? "jpg" : outFormat;
    String name =
        io.input().name().replaceAll("\\.[^.]*$", "")
            + "-"
            + suffix
            + "-"
            + w
            + "x"
            + h
            + "."
            + extension;
    var out =
        io.write(
            name,
            "image/" + outFormat,
            sink -> {
              if (!ImageIO.write(scaled, outFormat, FileSteps.nonClosing(sink))) {
                throw new StepIo.StepFailedException("this node cannot write " + outFormat);
              }
            });
    return new FileSteps.Outcome(
        out,
        Map.of(
            "width",
            w,
            "height",
            h,
            "originalWidth",
            source.getWidth(),
            "originalHeight",
            source.getHeight()));
  }
}
