package dev.ujm.store.tck;

import dev.ujm.core.audit.AccessLog;
import dev.ujm.core.audit.InMemoryAccessLog;

class InMemoryAccessLogContractTest extends AccessLogContract {
  @Override
  protected AccessLog newLog() {
    return new InMemoryAccessLog();
  }
}
