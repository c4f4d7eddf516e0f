// V8 CPU profiles of a page's main thread and of its workers (pages of cdp-browser.mjs), and
// their summary: where the time went, by function.

/**
 * Starts the sampling profiler on the page's main thread and on every worker whose URL
 * contains `workerUrlPart`, including those started later. `stop()` returns the profiles.
 */
export async function startCpuProfiles(
  browser,
  page,
  { workerUrlPart = "", intervalUs = 250 } = {},
) {
  const start = async (command) => {
    await command("Profiler.enable");
    await command("Profiler.setSamplingInterval", { interval: intervalUs });
    await command("Profiler.start");
  };
  const workers = [];
  const attached = [];
  const stopListening = browser.onEvent(({ method, params, sessionId }) => {
    if (method !== "Target.attachedToTarget" || sessionId !== page.sessionId) return;
    const { targetInfo } = params;
    if (targetInfo.type !== "worker" || !targetInfo.url.includes(workerUrlPart)) return;
    const command = (name, args) => browser.send(name, args, params.sessionId);
    workers.push({ url: targetInfo.url, command });
    attached.push(start(command));
  });
  await page.command("Target.setAutoAttach", {
    autoAttach: true,
    waitForDebuggerOnStart: false,
    flatten: true,
  });
  await start(page.command);
  await Promise.all(attached);
  return {
    async stop() {
      stopListening();
      await Promise.all(attached);
      const profiles = [{ thread: "main", profile: (await page.command("Profiler.stop")).profile }];
      for (const worker of workers)
        profiles.push({
          thread: worker.url,
          profile: (await worker.command("Profiler.stop")).profile,
        });
      return profiles;
    },
  };
}

/**
 * A profile's time by function (self time), largest first, with the total sampled time and
 * the busy (not idle) part.
 */
export function summarizeProfile(profile, top = 25) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map();
  let totalMs = 0;
  profile.samples.forEach((nodeId, i) => {
    const delta = (profile.timeDeltas[i] ?? 0) / 1000;
    totalMs += delta;
    const { functionName, url, lineNumber, columnNumber } = nodes.get(nodeId).callFrame;
    const file = url.split("/").pop();
    const key = file
      ? `${functionName || "(anonymous)"} ${file}:${lineNumber + 1}:${columnNumber + 1}`
      : functionName;
    selfMs.set(key, (selfMs.get(key) ?? 0) + delta);
  });
  const idleMs = selfMs.get("(idle)") ?? 0;
  const functions = [...selfMs.entries()]
    .filter(([key]) => key !== "(idle)")
    .sort((a, b) => b[1] - a[1])
    .slice(0, top);
  return { totalMs, busyMs: totalMs - idleMs, idleMs, functions };
}
