package dev.ujm.test;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A backend a test class registers once ({@code @RegisterExtension static}) and shares with its
 * {@code @Nested} classes: JUnit calls {@link #beforeAll} for the class and again for each nested
 * class, so the resource starts on the first call and closes after the matching last {@link
 * #afterAll}. Not thread-safe: JUnit calls these one at a time.
 */
abstract class ClassScopedResource implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
  private int classes;

  /** Starts the resource for the test class. */
  abstract void startForClass();

  @Override
  public final void beforeAll(ExtensionContext context) {
    if (classes++ == 0) {
      startForClass();
    }
  }

  @Override
  public final void afterAll(ExtensionContext context) {
    if (--classes == 0) {
      close();
    }
  }

  @Override
  public abstract void close();
}
