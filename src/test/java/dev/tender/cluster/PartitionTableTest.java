package dev.tender.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PartitionTableTest {
  private static final List<String> THREE = List.of("node-a", "node-b", "node-c");

  @Test
  void every_partition_has_exactly_one_owner_and_the_load_is_spread() {
    Set<Integer> seen = new HashSet<>();
    for (String m : THREE) {
      Set<Integer> owned = PartitionTable.ownedBy(m, THREE, 271);
      assertThat(owned.size()).as(m).isBetween(60, 120);
      for (int p : owned) {
        assertThat(seen.add(p)).as("partition " + p + " owned twice").isTrue();
      }
    }
    assertThat(seen).hasSize(271);
  }

  @Test
  void a_leaving_member_moves_only_its_own_partitions() {
    List<String> two = List.of("node-a", "node-c");
    for (int p = 0; p < 271; p++) {
      String before = PartitionTable.ownerOf(p, THREE);
      String after = PartitionTable.ownerOf(p, two);
      if (!before.equals("node-b")) {
        assertThat(after).as("partition " + p).isEqualTo(before);
      }
    }
  }

  @Test
  void member_order_does_not_matter() {
    for (int p = 0; p < 271; p++) {
      assertThat(PartitionTable.ownerOf(p, List.of("node-c", "node-a", "node-b"))).isEqualTo(PartitionTable.ownerOf(p, THREE));
    }
  }
}
