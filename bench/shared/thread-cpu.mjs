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
 * CPU seconds so far of every thread of this process and its descendants, by "process/thread"
 * name.
 */
export function threadCpu() {
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
  const totals = new Map();
  for (const pid of parents.keys()) {
    if (!ours(pid)) continue;
    try {
      const label = processLabel(pid);
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const { comm, fields } = statFields(`/proc/${pid}/task/${tid}/stat`);
        // A process's main thread bears the program's name; numbered pools count as one.
        const thread = comm === "chromium" || comm === "node" ? "main" : comm.replace(/\d+$/, "");
        const key = `${label}/${thread}`;
        totals.set(key, (totals.get(key) ?? 0) + (Number(fields[11]) + Number(fields[12])) / TICKS);
      }
    } catch {
      // Exited while we read.
    }
  }
  return totals;
}

/** CPU seconds per thread name used between two `threadCpu()` readings, largest first. */
export function cpuBetween(before, after) {
  return [...after.entries()]
    .map(([key, seconds]) => [key, seconds - (before.get(key) ?? 0)])
    .filter(([, seconds]) => seconds > 0)
    .sort((a, b) => b[1] - a[1]);
}
