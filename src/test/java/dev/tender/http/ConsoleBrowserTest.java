package dev.tender.http;

import static dev.tender.TestNode.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tender.TestNode;
import dev.tender.sdk.NodeScripts;
import dev.tender.store.TestDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator console ({@code GET /admin/console}) in a real browser: two clustered nodes on PostgreSQL, and
 * {@code src/test/sdk/console.mjs} drives headless Chromium (Debian's {@code /usr/bin/chromium}, through
 * {@code playwright-core} from the SDK test package) against one of them, checks the partition grid, the owners
 * and the members, and saves {@code target/console-screenshot.png}. Skipped when Chromium is absent, unless
 * {@code TENDER_TEST_REQUIRE_BROWSER=1} (as in CI), where it fails instead.
 */
class ConsoleBrowserTest {
  private static final File CHROMIUM = new File("/usr/bin/chromium");
  private static final String PLAYWRIGHT_VERSION = "1.61.1";
  private static final int PARTITIONS = 48;
  private static final File SCREENSHOT = new File("target/console-screenshot.png").getAbsoluteFile();
  private final List<TestNode> nodes = new ArrayList<>();

  @BeforeAll
  static void browser() throws Exception {
    boolean required = "1".equals(System.getenv("TENDER_TEST_REQUIRE_BROWSER"));
    if (!required) {
      assumeTrue(CHROMIUM.canExecute(), CHROMIUM + " is not installed (apt-get install chromium)");
    }
    assertThat(CHROMIUM.canExecute()).as(CHROMIUM + " is required (TENDER_TEST_REQUIRE_BROWSER=1)").isTrue();
    assertThat(NodeScripts.haveNode()).as("node runs the browser script").isTrue();
    if (!playwrightInstalled()) {
      // .ci/run installs the package beforehand; this is for a developer's first run.
      NodeScripts.Result install = NodeScripts.run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), 300);
      assertThat(install.exitCode()).as("npm ci:\n" + install.output()).isZero();
    }
    assertThat(playwrightInstalled()).as("playwright-core " + PLAYWRIGHT_VERSION + " in src/test/sdk/node_modules").isTrue();
  }

  private static boolean playwrightInstalled() throws Exception {
    File pkg = new File(NodeScripts.DIR, "node_modules/playwright-core/package.json");
    return pkg.isFile() && PLAYWRIGHT_VERSION.equals(new JsonObject(Files.readString(pkg.toPath())).getString("version"));
  }

  @BeforeEach
  void startCluster() throws Exception {
    TestDatabase.requireMigrated();
    Map<String, String> env = Map.of("TENDER_STORE", "pg", "TENDER_PG_URL", TestDatabase.URL, "TENDER_CLUSTER", "true",
        "TENDER_CLUSTER_NAME", "console-" + UUID.randomUUID(), "TENDER_PARTITIONS", String.valueOf(PARTITIONS),
        "TENDER_HTTP_INSTANCES", "1", "TENDER_PG_POOL_SIZE", "4");
    for (int i = 0; i < 2; i++) {
      nodes.add(TestNode.start(env));
    }
  }

  @AfterEach
  void stopCluster() throws Exception {
    for (TestNode n : nodes) {
      n.close();
    }
  }

  @Test
  void the_console_shows_both_members_and_who_owns_each_partition() throws Exception {
    List<String> members = awaitStable();
    pageIsPublicDataIsNot(nodes.get(0));
    Files.deleteIfExists(SCREENSHOT.toPath());
    Files.createDirectories(SCREENSHOT.getParentFile().toPath());
    TestNode node = nodes.get(0);

    NodeScripts.Result r = NodeScripts.run(List.of("node", "console.mjs"), Map.of(
        "TENDER_CONSOLE_URL", "http://127.0.0.1:" + node.port + "/admin/console#key=test-admin-key",
        "TENDER_PARTITIONS", String.valueOf(PARTITIONS),
        "TENDER_NODE_IDS", String.join(",", members),
        "TENDER_SCREENSHOT", SCREENSHOT.getPath(),
        "TENDER_CHROMIUM", CHROMIUM.getPath()), 120);
    System.out.println(r.output());
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(SCREENSHOT).isFile();
    byte[] png = Files.readAllBytes(SCREENSHOT.toPath());
    assertThat(png.length).as("screenshot size").isGreaterThan(1000);
    assertThat(java.util.Arrays.copyOf(png, 8)).as("PNG signature")
        .isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
  }

  /** The console's files answer without a key (and only they); its data does not. */
  private static void pageIsPublicDataIsNot(TestNode node) throws Exception {
    HttpResponse<Buffer> page = await(node.http.get(node.port, "127.0.0.1", "/admin/console").send());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("content-type")).startsWith("text/html");
    assertThat(page.bodyAsString()).contains("id=\"partition-grid\"").doesNotContain("test-admin-key");
    HttpResponse<Buffer> script = await(node.http.get(node.port, "127.0.0.1", "/admin/console/console.js").send());
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.getHeader("content-type")).startsWith("text/javascript");
    HttpResponse<Buffer> other = await(node.http.get(node.port, "127.0.0.1", "/admin/console/cluster.xml").send());
    assertThat(other.statusCode()).isEqualTo(404);
    HttpResponse<Buffer> data = await(node.http.get(node.port, "127.0.0.1", "/admin/cluster").send());
    assertThat(data.statusCode()).isEqualTo(401);
  }

  /** Waits until both nodes see both, and every cart partition has one of them as its owner of record; the members. */
  private List<String> awaitStable() throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    String last = "";
    while (System.currentTimeMillis() < deadline) {
      boolean ok = true;
      List<String> members = List.of();
      for (TestNode n : nodes) {
        HttpResponse<Buffer> r = await(n.http.get(n.port, "127.0.0.1", "/admin/cluster").putHeader("X-Admin-Key", "test-admin-key").send());
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        JsonObject c = r.bodyAsJsonObject().getJsonObject("content");
        last = c.getJsonArray("members") + " " + c.getJsonObject("owners").fieldNames();
        members = c.getJsonArray("members").stream().map(String::valueOf).sorted().toList();
        ok &= members.size() == 2;
        // The test database's table also holds rows of other tests' larger partition counts: only ours count.
        JsonArray table = c.getJsonArray("cart_partitions");
        Set<String> owners = new HashSet<>();
        int rows = 0;
        for (int i = 0; i < table.size(); i++) {
          JsonObject row = table.getJsonObject(i);
          if (row.getInteger("partition") < PARTITIONS) {
            rows++;
            owners.add(row.getString("owner"));
          }
        }
        ok &= rows == PARTITIONS && members.containsAll(owners) && owners.size() == 2;
      }
      if (ok) {
        return members;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("cluster did not settle: " + last);
  }
}
