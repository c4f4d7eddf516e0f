import cluster, { type Worker } from "node:cluster";
import type { ServeCommand } from "./cli-options.ts";

/** What a worker tells its primary. */
export type WorkerReport =
  | { type: "ready"; pid: number; instanceId?: string; banner: string }
  | { type: "failed"; message: string };

/** A worker that crashes is started again, after this long (doubling, up to 30 s). */
const RESTART_MS = 500;

/**
 * `--cluster N`: N processes on one port (node:cluster hands connections round-robin), sharing
 * rooms through Redis. The primary starts them, prints one banner with every process, starts a
 * worker again if it crashes, and on SIGINT or SIGTERM stops them all.
 */
export async function runClusterPrimary(
  command: ServeCommand,
  io: { stdout(text: string): void; stderr(text: string): void },
): Promise<number> {
  const ready = new Map<Worker, string>();
  let stopping = false;
  let restartMs = RESTART_MS;
  let firstBanner = "";

  const start = () => {
    const worker = cluster.fork();
    worker.on("message", (report: WorkerReport) => {
      if (report.type === "ready") {
        ready.set(
          worker,
          report.instanceId ? `pid ${report.pid} (${report.instanceId})` : `pid ${report.pid}`,
        );
        firstBanner ||= report.banner;
        restartMs = RESTART_MS;
        if (ready.size === command.cluster && !bannerShown) showBanner();
      } else {
        io.stderr(`socketscope: ${report.message}\n`);
        // A process that cannot start (a port in use) means none will: give up.
        if (!bannerShown) finish(1);
      }
    });
    worker.on("exit", (code, signal) => {
      ready.delete(worker);
      if (stopping) return;
      io.stderr(
        `socketscope: process ${worker.process.pid} ended (${signal ?? code}); starting another in ${restartMs} ms\n`,
      );
      setTimeout(start, restartMs);
      restartMs = Math.min(restartMs * 2, 30_000);
    });
  };
  let bannerShown = false;
  const showBanner = () => {
    bannerShown = true;
    const processes = [...ready.values()].join(", ");
    io.stdout(
      firstBanner.replace(
        "Press Ctrl+C to stop.",
        `  Processes  ${command.cluster} on one port, sharing rooms through Redis: ${processes}\nPress Ctrl+C to stop.`,
      ),
    );
  };

  let finish: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => {
    finish = (code) => {
      if (stopping) return;
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
      const check = setInterval(() => {
        if (Object.keys(cluster.workers ?? {}).length === 0) {
          clearInterval(check);
          resolve(code);
        }
      }, 50);
    };
  });
  const stop = (signal: NodeJS.Signals) => {
    if (!stopping)
      io.stdout(`\n${signal}: stopping ${Object.keys(cluster.workers ?? {}).length} processes…\n`);
    finish(0);
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  for (let i = 0; i < command.cluster; i++) start();
  return done;
}
