import type { Hooks, Peer } from "crossws";
import { CloseCodes } from "./protocol/close-codes.ts";
import type { Stats } from "./stats.ts";

/** Runs `fn` so that a throw or rejection is recorded and `onFailure` runs, instead of ending the process. */
export type Guard = <A extends unknown[]>(
  where: string,
  fn: (...args: A) => unknown,
  onFailure?: () => void,
) => (...args: A) => void;

/** Distinct failures logged in full; after that they are only counted. */
const MAX_LOGGED_FAILURES = 200;

/**
 * Where every hook, HTTP handler and deferred callback of the server runs. crossws calls hooks
 * without a try/catch, so an exception in one would end the process; inside the boundary it
 * closes only that peer (1011), or answers 500, and is logged once and counted per place in
 * `/api/stats`. It catches only what runs inside it: each path is still fixed at its source.
 */
export interface FailureBoundary {
  /** `hooks` with every hook guarded; `where` names the endpoint in logs and stats. */
  hooks(where: string, hooks: Partial<Hooks>): Partial<Hooks>;
  /** `fn` guarded: a throw (or rejection) is recorded, then `onFailure` runs. */
  guard: Guard;
  /** Records a failure that was caught elsewhere. */
  record(where: string, error: unknown): void;
}

/** Peer hooks whose failure ends the peer: it may be in a state the endpoint never planned for. */
const PEER_HOOKS = ["open", "message", "ping", "pong", "drain"] as const;
/** Hooks that run when the peer is already going: a failure there is only recorded. */
const FINAL_HOOKS = ["close", "error"] as const;

/** A boundary that counts into `stats` and writes one line per distinct failure to `log`. */
export function makeFailureBoundary(
  stats: Stats,
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): FailureBoundary {
  const logged = new Set<string>();

  function record(where: string, error: unknown) {
    stats.errors++;
    stats.errorsBy[where] = (stats.errorsBy[where] ?? 0) + 1;
    const summary = describe(error);
    const key = `${where}: ${summary}`;
    if (logged.has(key)) return;
    if (logged.size < MAX_LOGGED_FAILURES) {
      logged.add(key);
      log(`socketscope: ${key} (the peer or request was ended; the server goes on)`);
    }
  }

  function guard<A extends unknown[]>(
    where: string,
    fn: (...args: A) => unknown,
    onFailure?: () => void,
  ): (...args: A) => void {
    const fail = (error: unknown) => {
      record(where, error);
      try {
        onFailure?.();
      } catch (cleanupError) {
        record(`${where} (cleanup)`, cleanupError);
      }
    };
    return (...args: A) => {
      try {
        const result = fn(...args);
        if (result instanceof Promise) result.catch(fail);
      } catch (error) {
        fail(error);
      }
    };
  }

  return {
    record,
    guard,
    hooks(where, hooks) {
      const guarded: Partial<Hooks> = { ...hooks };
      const upgrade = hooks.upgrade;
      if (upgrade) guarded.upgrade = guardUpgrade(where, upgrade, record);
      for (const name of PEER_HOOKS) {
        const hook = hooks[name] as ((peer: Peer, arg?: unknown) => unknown) | undefined;
        if (!hook) continue;
        (guarded as Record<string, unknown>)[name] = (peer: Peer, arg?: unknown) =>
          guard(`${where} ${name}`, hook, () => closeAfterFailure(peer))(peer, arg);
      }
      for (const name of FINAL_HOOKS) {
        const hook = hooks[name] as ((peer: Peer, arg?: unknown) => unknown) | undefined;
        if (!hook) continue;
        (guarded as Record<string, unknown>)[name] = guard(`${where} ${name}`, hook);
      }
      return guarded;
    },
  };
}

/**
 * The upgrade hook answers with a `Response` to refuse a client, and crossws sends it; any other
 * throw becomes a 500 that crossws sends too, but only after it is recorded here.
 */
function guardUpgrade(
  where: string,
  upgrade: NonNullable<Hooks["upgrade"]>,
  record: (where: string, error: unknown) => void,
): NonNullable<Hooks["upgrade"]> {
  const fail = (error: unknown): never => {
    if (isResponse(error)) throw error;
    record(`${where} upgrade`, error);
    throw new Response("Internal Server Error", {
      status: 500,
      statusText: "Internal Server Error",
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  };
  return (request) => {
    try {
      const result = upgrade(request);
      return result instanceof Promise ? result.catch(fail) : result;
    } catch (error) {
      return fail(error);
    }
  };
}

function isResponse(value: unknown): boolean {
  return (
    value instanceof Response ||
    (typeof value === "object" &&
      value !== null &&
      (value as { response?: unknown }).response instanceof Response)
  );
}

function closeAfterFailure(peer: Peer) {
  peer.close(CloseCodes.internalError, "Internal error");
}

/** `RangeError: Maximum call stack size exceeded`, on one line. */
function describe(error: unknown): string {
  const text =
    error instanceof Error ? `${error.name}: ${error.message}` : `thrown ${String(error)}`;
  return text.replace(/\s+/g, " ").slice(0, 300);
}
