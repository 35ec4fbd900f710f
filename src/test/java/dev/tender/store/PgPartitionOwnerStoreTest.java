package dev.tender.store;

import dev.tender.cluster.PartitionOwnerStore;
import org.junit.jupiter.api.extension.RegisterExtension;

class PgPartitionOwnerStoreTest extends PartitionOwnerStoreContract {
  @RegisterExtension
  static final TestDatabase.PerClass DB = new TestDatabase.PerClass();

  @Override
  PartitionOwnerStore owners() {
    return new PgPartitionOwnerStore(DB.pool());
  }
}
