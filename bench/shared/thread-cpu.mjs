// CPU time by thread of this process and its descendants (Chromium's, the servers we started),
// read from /proc: what every thread cost, whether or not a tracer sees it (raster workers,
// the GPU process, the network service). Linux only.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

const TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Fields after the command name of a /proc stat line (the name may hold spaces). */
function statFields(path) {
  const stat = readFileSync(path, "utf8");
  return {
    comm: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")),
    fields: stat.slice(stat.lastIndexOf(")") + 2).split(" "),
  };
}

/**
 * A short name for a process. Chromium rewrites its command line (the `--type` flag may be
 * gone from it), so its processes are told apart by the flags that remain.
 */
function processLabel(pid) {
  const line = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  if (line.includes("--top-chrome-webui")) return "webui";
  if (line.includes("--renderer-client-id")) return "renderer";
  if (line.includes("--gpu-preferences")) return "gpu";
  if (line.includes("--field-trial-handle")) return "utility";
  const [program = "?", script = ""] = line.split(" ").map((part) => part.split("/").at(-1));
  return program === "node" ? `node ${script}` : program;
}

/**
 * Calls `visit(key, path)` for every thread of this process and its descendants, with its
 * "process/thread" name and its /proc directory.
 */
function forEachOurThread(visit) {
  const parents = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      parents.set(Number(entry), Number(statFields(`/proc/${entry}/stat`).fields[1]));
    } catch {
      // Exited while we read.
    }
  }
  // This process too: a driver that parses an event per frame (Playwright) does it here.
  const ours = (pid) => {
    for (let at = pid; at !== undefined && at > 1; at = parents.get(at))
      if (at === process.pid) return true;
    return false;
  };
  for (const pid of parents.keys()) {
    if (!ours(pid)) continue;
    try {
      const label = processLabel(pid);
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const path = `/proc/${pid}/task/${tid}`;
        const { comm } = statFields(`${path}/stat`);
        // A process's main thread bears the program's name; numbered pools count as one.
        const thread = comm === "chromium" || comm === "node" ? "main" : comm.replace(/\d+$/, "");
        visit(`${label}/${thread}`, path);
      }
    } catch {
      // Exited while we read.
    }
  }
}

/**
 * Adds `read(path)` up over our threads, by "process/thread" name (threads that exit while we
 * read are skipped).
 */
function sumByThread(read) {
  const totals = new Map();
  forEachOurThread((key, path) => {
    try {
      totals.set(key, (totals.get(key) ?? 0) + read(path));
    } catch {
      // Exited while we read.
    }
  });
  return totals;
}

/**
 * CPU seconds so far of every thread of this process and its descendants, by "process/thread"
 * name.
 */
export function threadCpu() {
  return sumByThread((path) => {
    const { fields } = statFields(`${path}/stat`);
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  });
}

/**
 * Context switches so far (voluntary and forced) of every thread of this process and its
 * descendants, by "process/thread" name. Two threads that hand work to each other on one core
 * switch once or twice per item; on two cores they can batch, and switch far less.
 */
export function threadSwitches() {
  return sumByThread((path) => {
    const status = readFileSync(`${path}/status`, "utf8");
    const count = (field) => Number(new RegExp(`^${field}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? 0);
    return count("voluntary_ctxt_switches") + count("nonvoluntary_ctxt_switches");
  });
}

/**
 * What each thread name used between two readings of `threadCpu()` (or `threadSwitches()`),
 * largest first.
 */
export function usedBetween(before, after) {
  return [...after.entries()]
    .map(([key, used]) => [key, used - (before.get(key) ?? 0)])
    .filter(([, used]) => used > 0)
    .sort((a, b) => b[1] - a[1]);
}
