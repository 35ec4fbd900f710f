package dev.tender.store;

import dev.tender.cluster.Backend;
import dev.tender.cluster.PartitionOwnerStore;
import dev.tender.cluster.PartitionStore;
import org.junit.jupiter.api.extension.RegisterExtension;

class PgDocumentAttentionTest extends DocumentAttentionContract {
  @RegisterExtension
  static final TestDatabase.PerClass DB = new TestDatabase.PerClass();

  @Override
  Backend backend() {
    return Backends.postgres(DB.pool());
  }

  @Override
  PartitionStore runtime() {
    return new PgPartitionStore(DB.pool(), 2);
  }

  @Override
  PartitionOwnerStore owners() {
    return new PgPartitionOwnerStore(DB.pool());
  }
}
