// Forks load generator processes and talks to them over IPC: each one connects, reports
// "ready", waits for "start", reports "result", and exits on "stop".
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { exited, pinToCpu, track } from "./children.mjs";
import { cpuMeter, othersMeter } from "./procfs.mjs";
import { sleep } from "./time.mjs";

/** Forks `script` (a load-*.mjs file next to this one) with its `config`; `cpu` pins it. */
export function forkLoader(script, config, { cpu } = {}) {
  const path = fileURLToPath(new URL(script, import.meta.url));
  // "advanced" serialization carries Float64Array latency samples without JSON overhead.
  const child = track(
    fork(path, [JSON.stringify(config)], {
      serialization: "advanced",
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    }),
  );
  if (cpu !== undefined) pinToCpu(child.pid, cpu);
  const inbox = [];
  const waiters = [];
  let exitReason;

  child.on("message", (message) => {
    const index = waiters.findIndex((waiter) => waiter.type === message.type);
    if (index >= 0) waiters.splice(index, 1)[0].resolve(message);
    else inbox.push(message);
  });
  child.once("exit", (code, signal) => {
    exitReason = `${script} exited (${signal ?? code})`;
    for (const waiter of waiters.splice(0))
      waiter.reject(new Error(`${exitReason} before "${waiter.type}"`));
  });

  return {
    pid: child.pid,
    /** Resolves with the next message of `type`; rejects on exit or after `timeoutMs`. */
    expect(type, timeoutMs) {
      const index = inbox.findIndex((message) => message.type === type);
      if (index >= 0) return Promise.resolve(inbox.splice(index, 1)[0]);
      if (exitReason) return Promise.reject(new Error(`${exitReason} before "${type}"`));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`${script}: no "${type}" within ${timeoutMs} ms`));
        }, timeoutMs);
        const waiter = {
          type,
          resolve: (message) => {
            clearTimeout(timer);
            resolve(message);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        };
        waiters.push(waiter);
      });
    },
    /** Sends a command; ignored once the process is gone. */
    send(message) {
      if (child.connected) child.send(message);
    },
    /** Asks the loader to close its connections and exit; kills it if it does not. */
    async stop() {
      if (child.connected) child.send({ type: "stop" });
      if (!(await exited(child, 5000))) {
        child.kill("SIGKILL");
        await exited(child, 2000);
      }
    },
  };
}

/** Forks one loader per config and waits until all report "ready". */
export async function forkAll(script, configs, readyTimeoutMs, options) {
  const loaders = configs.map((config) => forkLoader(script, config, options));
  try {
    const ready = await Promise.all(
      loaders.map((loader) => loader.expect("ready", readyTimeoutMs)),
    );
    return { loaders, ready };
  } catch (error) {
    await stopAll(loaders);
    throw error;
  }
}

/** Collects the next message of `type` from every loader. */
export async function collect(loaders, type, timeoutMs) {
  return Promise.all(loaders.map((loader) => loader.expect(type, timeoutMs)));
}

/** Stops every loader. */
export async function stopAll(loaders) {
  await Promise.all(loaders.map((loader) => loader.stop()));
}

/**
 * Starts the loaders, waits out the warm-up, then measures the server's CPU and everyone
 * else's over the measured span, and returns the loaders' `result` messages with both.
 */
export async function runMeasured(loaders, serverPid, { warmupMs, durationMs }) {
  for (const loader of loaders) loader.send({ type: "start" });
  await sleep(warmupMs);
  const meter = cpuMeter(serverPid);
  const others = othersMeter();
  await sleep(durationMs);
  const serverCpu = meter.stop();
  const otherCpu = others.stop();
  const parts = await collect(loaders, "result", 15_000);
  return { parts, serverCpu, otherCpu };
}
