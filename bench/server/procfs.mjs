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

/**
 * Starts a meter of the CPU used by `rootPid` and every process below it (a browser and its
 * renderers, say). `stop()` returns a share of one core.
 */
export function treeMeter(rootPid) {
  const below = (table, pid) => {
    for (let at = pid; at > 1; at = table.get(at)?.ppid ?? 0) if (at === rootPid) return true;
    return false;
  };
  const sum = (table) => {
    let seconds = 0;
    for (const [pid, { cpu }] of table) if (below(table, pid)) seconds += cpu;
    return seconds;
  };
  const start = processTable();
  const startCpu = sum(start);
  const startAt = performance.now();
  return {
    stop() {
      const end = processTable();
      // A process that exited in between takes its time with it; the figure is a lower bound.
      return Math.max(0, sum(end) - startCpu) / ((performance.now() - startAt) / 1000);
    },
  };
}

/** Idle and total CPU ticks of the whole machine so far (/proc/stat). */
function machineTicks() {
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1);
  const ticks = fields.slice(0, 8).map(Number); // user nice system idle iowait irq softirq steal
  return { idle: ticks[3] + ticks[4], total: ticks.reduce((sum, n) => sum + n, 0) };
}

/** Microseconds so far during which some task waited for a CPU (PSI), or undefined without PSI. */
function cpuPressureMicros() {
  try {
    const text = readFileSync("/proc/pressure/cpu", "utf8");
    return Number(/^some .*total=(\d+)/m.exec(text)?.[1]);
  } catch {
    return undefined;
  }
}

/**
 * Starts a meter of the whole machine; `stop()` returns the share of CPU time left idle and the
 * share of wall time during which some task was ready to run but waited for a CPU (Linux PSI;
 * NaN without it). Little idle and much waiting mean latency figures include waits for a core.
 */
export function machineMeter() {
  const start = machineTicks();
  const startPressure = cpuPressureMicros();
  const startAt = performance.now();
  return {
    stop() {
      const end = machineTicks();
      const pressure = cpuPressureMicros();
      const elapsedUs = (performance.now() - startAt) * 1000;
      return {
        idle: (end.idle - start.idle) / (end.total - start.total),
        waiting:
          pressure === undefined || startPressure === undefined
            ? Number.NaN
            : (pressure - startPressure) / elapsedUs,
      };
    },
  };
}
