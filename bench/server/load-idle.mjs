// Load generator for idle connections: opens `count` connections to /echo and holds them, silent,
// until told to stop. config: { url, count, deadlineMs }
import { command, config, openMany, report, run, watchCloses } from "./load-common.mjs";

run(async () => {
  const startAt = performance.now();
  const sockets = await openMany(config.url, config.count, { concurrency: 100 });
  const closes = watchCloses(sockets);
  report({ type: "ready", connectMs: performance.now() - startAt });
  await command("collect");
  report({ type: "result", open: sockets.length - closes.closed, closeCodes: closes.codes });
  await command("stop");
});
