package dev.ujm.core.worker;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * Wraps a logger so that every line it writes carries fixed MDC entries (the job id and type), also
 * when the handler logs from a thread it started itself. The entries are put for the duration of
 * each call and the thread's previous values restored afterwards. Thread-safe.
 */
final class MdcLogger implements InvocationHandler {
  private final Logger delegate;
  private final Map<String, String> entries;

  private MdcLogger(Logger delegate, Map<String, String> entries) {
    this.delegate = delegate;
    this.entries = Map.copyOf(entries);
  }

  /** A logger that writes through {@code delegate} with {@code entries} in the MDC. */
  static Logger wrap(Logger delegate, Map<String, String> entries) {
    return (Logger)
        Proxy.newProxyInstance(
            Logger.class.getClassLoader(),
            new Class<?>[] {Logger.class},
            new MdcLogger(delegate, entries));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return switch (method.getName()) {
        case "equals" -> proxy == args[0];
        case "hashCode" -> System.identityHashCode(proxy);
        default -> "MdcLogger[" + delegate.getName() + ", " + entries + "]";
      };
    }
    Map<String, String> previous = new HashMap<>();
    entries.forEach(
        (key, value) -> {
          previous.put(key, MDC.get(key));
          MDC.put(key, value);
        });
    try {
      return method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    } finally {
      previous.forEach(
          (key, value) -> {
            if (value == null) {
              MDC.remove(key);
            } else {
              MDC.put(key, value);
            }
          });
    }
  }
}
