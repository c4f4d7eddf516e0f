// Every child process the runner starts, so that all of them can be killed on exit or error.
import { execFileSync } from "node:child_process";
import { availableParallelism } from "node:os";

const live = new Set();

/** Registers a child process; it is forgotten once it exits. */
export function track(child) {
  live.add(child);
  child.once("exit", () => live.delete(child));
  return child;
}

/** Resolves true when the child exits within `timeoutMs`, false otherwise. */
export function exited(child, timeoutMs) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Asks a child to stop with `signal`, then kills it if it has not exited after `graceMs`. */
export async function stopChild(child, signal = "SIGTERM", graceMs = 5000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  if (!(await exited(child, graceMs))) {
    child.kill("SIGKILL");
    await exited(child, 2000);
  }
}

/** Kills every tracked child that is still running, one by one by its pid. */
export function killAll() {
  for (const child of live) {
    try {
      child.kill("SIGKILL");
    } catch {
      // Already gone.
    }
  }
}

/**
 * Pins a process and all its threads to one CPU with taskset (util-linux); false when that is
 * not possible (no taskset, one CPU), and the process then runs wherever the kernel puts it.
 */
export function pinToCpu(pid, cpu) {
  if (availableParallelism() < 2) return false;
  try {
    execFileSync("taskset", ["-a", "-p", "-c", String(cpu), String(pid)], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
