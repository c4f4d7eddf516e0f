import { Worker } from "node:worker_threads";

/** A regex to run on a frame's text, and the template to replace its match with, if any. */
export interface RegexJob {
  pattern: string;
  flags: string;
  text: string;
  /** For replace and respond: `text` with the match replaced by this (String.replace rules). */
  template?: string;
}

/** What a job came to. */
export type RegexOutcome =
  | { type: "match"; matched: string; replaced?: string }
  | { type: "no-match" }
  /** It ran past the budget and was stopped; or the sandbox failed (out of memory). */
  | { type: "stopped"; reason: string };

/** Options of the sandbox. */
export interface RegexSandboxOptions {
  /** Longest one job may run before the sandbox is stopped. @default 250 */
  budgetMs?: number;
}

/**
 * The worker's code: plain JavaScript with no imports, so it runs the same from the sources (in
 * tests and `npm run dev`) and from the bundled server. It keeps the last regexes it compiled.
 */
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const compiled = new Map();
parentPort.on("message", (job) => {
  const key = job.flags + "/" + job.pattern;
  let regex = compiled.get(key);
  if (regex === undefined) {
    if (compiled.size >= 256) compiled.clear();
    regex = new RegExp(job.pattern, job.flags);
    compiled.set(key, regex);
  }
  regex.lastIndex = 0;
  const match = regex.exec(job.text);
  if (match === null) return parentPort.postMessage({ type: "no-match" });
  const result = { type: "match", matched: match[0] };
  if (typeof job.template === "string") {
    regex.lastIndex = 0;
    result.replaced = job.text.replace(regex, job.template);
  }
  parentPort.postMessage(result);
});
`;

/**
 * Runs rule regexes off the server's thread, one job at a time, each within a time budget. A
 * JavaScript regex backtracks: `^(a+)+$` on forty a's and a b takes hours, and even `\d+x` is
 * quadratic in a long frame, so no check of the pattern alone can bound it, and V8 cannot stop a
 * regex on the main thread. Here a job that runs past the budget ends the worker (V8 interrupts
 * the regex), its caller hears `stopped`, and the next job starts a new worker. Memory is capped
 * too: a replace that grows too large stops the worker, not the server.
 */
export class RegexSandbox {
  readonly #budgetMs: number;
  #worker: Worker | undefined;
  #queue: { job: RegexJob; settle: (outcome: RegexOutcome) => void }[] = [];
  #running:
    | { settle: (outcome: RegexOutcome) => void; timer: NodeJS.Timeout | undefined }
    | undefined;
  /** The worker has started and reads its jobs. */
  #online = false;
  #closed = false;

  constructor(options: RegexSandboxOptions = {}) {
    this.#budgetMs = options.budgetMs ?? 250;
  }

  /** Runs `job` after those queued before it. */
  run(job: RegexJob): Promise<RegexOutcome> {
    if (this.#closed)
      return Promise.resolve({ type: "stopped", reason: "The server is shutting down" });
    return new Promise((settle) => {
      this.#queue.push({ job, settle });
      if (!this.#running) this.#next();
    });
  }

  /** Ends the worker; queued jobs are settled as stopped. */
  close(): void {
    this.#closed = true;
    for (const { settle } of this.#queue.splice(0))
      settle({ type: "stopped", reason: "The server is shutting down" });
    this.#finish({ type: "stopped", reason: "The server is shutting down" });
    this.#stopWorker();
  }

  #next() {
    const entry = this.#queue.shift();
    if (!entry) return;
    const worker = this.#ensureWorker();
    this.#running = { settle: entry.settle, timer: undefined };
    worker.postMessage(entry.job);
    // A new worker takes a while to start on a busy machine; the budget is the regex's alone.
    if (this.#online) this.#startBudget();
  }

  #startBudget() {
    const running = this.#running;
    if (!running || running.timer !== undefined) return;
    running.timer = setTimeout(() => {
      this.#stopWorker();
      this.#finish({
        type: "stopped",
        reason: `its regex ran over ${this.#budgetMs} ms on one frame`,
      });
    }, this.#budgetMs);
  }

  #finish(outcome: RegexOutcome) {
    const running = this.#running;
    if (!running) return;
    this.#running = undefined;
    clearTimeout(running.timer);
    running.settle(outcome);
    if (!this.#closed) this.#next();
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      resourceLimits: { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32 },
    });
    // A sandbox waiting for work must not keep the server's process alive.
    worker.unref();
    this.#online = false;
    worker.once("online", () => {
      if (this.#worker !== worker) return;
      this.#online = true;
      this.#startBudget();
    });
    worker.on("message", (outcome: RegexOutcome) => {
      if (this.#worker === worker) this.#finish(outcome);
    });
    worker.on("error", (error: Error) => {
      if (this.#worker !== worker) return;
      this.#worker = undefined;
      this.#finish({ type: "stopped", reason: `its regex failed: ${error.message}` });
    });
    worker.on("exit", () => {
      if (this.#worker !== worker) return;
      this.#worker = undefined;
      this.#finish({ type: "stopped", reason: "the regex sandbox stopped" });
    });
    this.#worker = worker;
    return worker;
  }

  #stopWorker() {
    const worker = this.#worker;
    this.#worker = undefined;
    void worker?.terminate();
  }
}
