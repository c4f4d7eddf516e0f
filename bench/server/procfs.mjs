// Reads a process's memory and CPU time from /proc (Linux only).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

// Clock ticks per second of the utime/stime fields of /proc/<pid>/stat.
const TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Resident set size of a process in MiB (VmRSS of /proc/<pid>/status). */
export function rssMiB(pid) {
  return statusMiB(pid, "VmRSS");
}

/** The largest resident set size a process has had so far, in MiB (VmHWM). */
export function peakRssMiB(pid) {
  return statusMiB(pid, "VmHWM");
}

function statusMiB(pid, field) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = Number(new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, "m").exec(status)?.[1]);
  return kib / 1024;
}

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may hold spaces, so count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

/** Starts a CPU meter on a process; `stop()` returns its CPU use as a share of one core. */
export function cpuMeter(pid) {
  const startCpu = cpuSeconds(pid);
  const startAt = performance.now();
  return {
    stop() {
      const seconds = (performance.now() - startAt) / 1000;
      return (cpuSeconds(pid) - startCpu) / seconds;
    },
  };
}

/** CPU seconds used so far and parent pid of every process on the machine, by pid. */
function processTable() {
  const table = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const cpu = (Number(fields[11]) + Number(fields[12])) / TICKS;
      table.set(Number(entry), { cpu, ppid: Number(fields[1]) });
    } catch {
      // The process exited while we were reading.
    }
  }
  return table;
}

/** Whether `pid` is this process or one of its descendants, per `table`. */
function isOurs(table, pid) {
  for (let at = pid; at > 1; at = table.get(at)?.ppid ?? 0) if (at === process.pid) return true;
  return false;
}

/**
 * Starts a meter of the CPU used by processes outside this process tree: other work on a shared
 * machine skews the figures, so the runner reports it. `stop()` returns a share of one core.
 */
export function othersMeter() {
  const start = processTable();
  const startAt = performance.now();
  return {
    stop() {
      const end = processTable();
      let seconds = 0;
      for (const [pid, { cpu }] of end) {
        if (!isOurs(end, pid)) seconds += cpu - (start.get(pid)?.cpu ?? 0);
      }
      return seconds / ((performance.now() - startAt) / 1000);
    },
  };
}
