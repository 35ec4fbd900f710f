package dev.tender.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One order of SQL statements that respects the order of each unit's own statements, so that a batch
 * can run each statement once for all units ({@code executeBatch}) without, say, one unit's "delete
 * the old lines" running after its "insert the new line". Ties go to the statement seen first.
 */
final class StatementOrder {
  private StatementOrder() {}

  /** The merged order of the distinct SQL texts, or null when two units order them differently. */
  static List<String> of(List<List<PgWrite.Statement>> units) {
    Map<String, Set<String>> after = new LinkedHashMap<>(); // sql -> statements that must come after it
    Map<String, Integer> before = new HashMap<>(); // sql -> how many must come before it
    for (List<PgWrite.Statement> unit : units) {
      String previous = null;
      Set<String> seen = new LinkedHashSet<>();
      for (PgWrite.Statement st : unit) {
        String sql = st.sql();
        after.putIfAbsent(sql, new LinkedHashSet<>());
        before.putIfAbsent(sql, 0);
        if (sql.equals(previous)) {
          continue;
        }
        if (!seen.add(sql)) {
          return null; // the unit runs this statement again after another one
        }
        if (previous != null && after.get(previous).add(sql)) {
          before.merge(sql, 1, Integer::sum);
        }
        previous = sql;
      }
    }
    List<String> order = new ArrayList<>(after.size());
    List<String> ready = new ArrayList<>();
    after.keySet().forEach(sql -> {
      if (before.get(sql) == 0) {
        ready.add(sql);
      }
    });
    while (!ready.isEmpty()) {
      String sql = ready.remove(0);
      order.add(sql);
      for (String next : after.get(sql)) {
        if (before.merge(next, -1, Integer::sum) == 0) {
          ready.add(next);
        }
      }
    }
    return order.size() == after.size() ? order : null;
  }
}
