package dev.tender.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tender.TestNode;
import dev.tender.store.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code src/test/sdk/conformance.mjs}, which drives a node through the unmodified
 * {@code @commercengine/storefront-sdk@0.15.0} (installed with {@code npm ci}), against a node on
 * the memory store and one on PostgreSQL. Needs node and npm; skipped without them unless
 * {@code TENDER_TEST_REQUIRE_SDK=1} (as in CI).
 */
class SdkConformanceTest {

  @BeforeAll
  static void installSdk() throws Exception {
    boolean required = "1".equals(System.getenv("TENDER_TEST_REQUIRE_SDK"));
    boolean haveNode = NodeScripts.haveNode();
    if (!haveNode && !required) {
      assumeTrue(false, "node is not installed");
    }
    NodeScripts.Result install = NodeScripts.run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), 300);
    assertThat(install.exitCode()).as("npm ci:\n" + install.output()).isZero();
  }

  @Test
  void sdk_drives_a_node_on_the_memory_store() throws Exception {
    try (TestNode node = TestNode.start(Map.of("TENDER_STORE", "memory"))) {
      assertConforms(node);
    }
  }

  @Test
  void sdk_drives_a_node_on_postgresql() throws Exception {
    TestDatabase.requireMigrated();
    try (TestNode node = TestNode.start(Map.of("TENDER_STORE", "pg", "TENDER_PG_URL", TestDatabase.URL))) {
      assertConforms(node);
    }
  }

  private static void assertConforms(TestNode node) throws Exception {
    // Blocking the test thread is fine: the node's event loops keep serving the SDK meanwhile.
    NodeScripts.Result r = NodeScripts.run(List.of("node", "conformance.mjs"), Map.of(
        "TENDER_BASE_URL", "http://127.0.0.1:" + node.port + node.base,
        "TENDER_API_KEY", TestNode.API_KEY), 120);
    System.out.println(r.output());
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains(" passed, 0 failed");
  }
}
