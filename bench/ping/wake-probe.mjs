// The machine's own timer floor while a ping loop runs: a Node thread that sleeps to the same
// fixed schedule with Atomics.wait (a futex wait with a nanosecond timeout, no event loop and no
// timer clamping in the way) and records how late the kernel woke it each time. A browser
// worker's ticks cannot be steadier than the thread scheduler wakes threads.
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";

if (!isMainThread) sleepToSchedule(workerData);

/** Starts the probe; `stop()` resolves with each wake-up's lateness in ms. */
export function startWakeProbe(intervalMs) {
  const stopFlag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(new URL(import.meta.url), { workerData: { intervalMs, stopFlag } });
  const lateness = new Promise((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  return {
    async stop() {
      Atomics.store(stopFlag, 0, 1);
      return lateness;
    },
  };
}

function sleepToSchedule({ intervalMs, stopFlag }) {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const lateness = [];
  const startAt = performance.now();
  for (let n = 1; Atomics.load(stopFlag, 0) === 0; n++) {
    const dueAt = startAt + n * intervalMs;
    const wait = dueAt - performance.now();
    if (wait > 0) Atomics.wait(sleeper, 0, 0, wait);
    lateness.push(performance.now() - dueAt);
  }
  parentPort.postMessage(lateness);
}
