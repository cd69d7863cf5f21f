package dev.ujm.server.logs;

/**
 * Makes a value safe to put into a log line: control characters (line breaks above all, which could
 * start a forged line) and the Unicode line separators are written as escapes ({@code \n}, {@code
 * \r}, {@code \t}, {@code \u001b}), and a backslash as two. Printable text is left as it is.
 * Stateless.
 */
public final class LogText {
  private LogText() {}

  /** The value with every control character escaped; null stays null. */
  public static String escape(String value) {
    if (value == null) {
      return null;
    }
    int first = firstToEscape(value);
    if (first < 0) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length() + 16);
    out.append(value, 0, first);
    for (int i = first; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\\' -> out.append("\\\\");
        default -> {
          if (needsEscape(c)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  private static int firstToEscape(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' || needsEscape(c)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean needsEscape(char c) {
    return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
  }
}
