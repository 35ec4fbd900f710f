package dev.tender.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** CPU time of other processes (the node under load, PostgreSQL) from Linux's /proc, in clock ticks (USER_HZ, 100 a second). */
final class ProcCpu {
  static final long TICKS_PER_SECOND = 100;

  private ProcCpu() {}

  /** User + system ticks of these processes; one that is gone counts 0. */
  static long ticksOf(List<Long> pids) {
    long sum = 0;
    for (long pid : pids) {
      try {
        sum += statTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
      } catch (IOException | RuntimeException gone) {
        // not there (ended, or not Linux)
      }
    }
    return sum;
  }

  /** User + system ticks of every process named postgres (0 where /proc is unreadable). */
  static long postgresTicks() {
    long sum = 0;
    try (var dirs = Files.list(Path.of("/proc"))) {
      for (Path p : dirs.toList()) {
        if (!p.getFileName().toString().chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          String stat = Files.readString(p.resolve("stat"));
          if (stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).startsWith("postgres")) {
            sum += statTicks(stat);
          }
        } catch (IOException | RuntimeException gone) {
          // the process ended while we read
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return sum;
  }

  private static long statTicks(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
  }
}
