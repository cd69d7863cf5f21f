package dev.ujm.store.redismongo;

import static com.mongodb.client.model.Filters.eq;

import dev.ujm.core.store.Page;
import java.util.List;
import java.util.function.Function;
import org.bson.conversions.Bson;

/**
 * The shape every newest-first listing of this store shares (jobs, workflows, access lines): read
 * one more than the page, and when it came, the last kept item's key is the next page's cursor.
 * Stateless.
 */
final class NewestFirst {
  private NewestFirst() {}

  /**
   * A page of at most {@code limit} from {@code fetched}, read with a limit of {@code limit + 1}.
   */
  static <T> Page<T> page(List<T> fetched, int limit, Function<T, String> cursorOf) {
    if (fetched.size() > limit) {
      List<T> items = fetched.subList(0, limit);
      return new Page<>(items, cursorOf.apply(items.getLast()));
    }
    return new Page<>(fetched, null);
  }

  /** Adds {@code field = value} to {@code filters}, unless the filter is null (any). */
  static void addEq(List<Bson> filters, String field, String value) {
    if (value != null) {
      filters.add(eq(field, value));
    }
  }
}
