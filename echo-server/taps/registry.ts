import { checkTapName, type TapInfo, TapLimits } from "../protocol/tap-wire.ts";
import { type RelayPolicy, refuseRelayTarget } from "../relay-policy.ts";
import { RegexSandbox } from "./regex-sandbox.ts";
import { Tap } from "./tap.ts";

/** Bounds of the taps. */
export interface TapLimitsOptions {
  /** Taps at once. @default 32 */
  maxTaps: number;
  /** App connections through one tap at once. @default 64 */
  maxClientsPerTap: number;
  /** Bytes a tap may queue in one direction of one client before it stops reading. */
  highWaterBytes: number;
  /** Longest a rule's regex may run on one frame before the rule is turned off. @default 250 */
  regexBudgetMs?: number;
}

export const defaultTapLimits: TapLimitsOptions = {
  maxTaps: 32,
  maxClientsPerTap: 64,
  highWaterBytes: 1024 * 1024,
};

/** Why a tap could not be created: the HTTP status, the field and a message. */
export interface TapRefusal {
  status: number;
  field: string;
  message: string;
}

/**
 * The named taps. A tap's target is fixed when it is created and follows the relay's policy
 * (`--relay-allow`), so a tap is never an open proxy: apps reach only the targets the user named.
 */
export class TapRegistry {
  #taps = new Map<string, Tap>();
  /** Where every tap's rule regexes run, one at a time, each within a time budget. */
  #sandbox: RegexSandbox;
  readonly limits: TapLimitsOptions;

  constructor(
    private readonly policy: RelayPolicy,
    limits: Partial<TapLimitsOptions> = {},
  ) {
    this.limits = { ...defaultTapLimits, ...limits };
    this.#sandbox = new RegexSandbox(
      limits.regexBudgetMs !== undefined ? { budgetMs: limits.regexBudgetMs } : {},
    );
  }

  /**
   * Creates the tap `name` for `target` (empty for a mock tap); `wsBase` is the server's own
   * `ws://host:port`, for the tap's URL.
   */
  create(name: unknown, target: unknown, wsBase: string): Tap | TapRefusal {
    const nameProblem = checkTapName(name);
    if (nameProblem) return { status: 400, field: "name", message: nameProblem };
    if (typeof target !== "string")
      return {
        status: 400,
        field: "target",
        message: "The target is a ws:// or wss:// URL, or empty for a mock",
      };
    const tapName = name as string;
    if (this.#taps.has(tapName))
      return { status: 409, field: "name", message: `A tap named ${tapName} exists already` };
    if (this.#taps.size >= this.limits.maxTaps)
      return {
        status: 409,
        field: "name",
        message: `At most ${this.limits.maxTaps} taps at once: remove one first`,
      };
    let normalized = "";
    if (target.trim() !== "") {
      if (!this.policy.enabled)
        return {
          status: 403,
          field: "target",
          message:
            "Taps dial targets through the relay's policy, and the relay is off: start the server with --relay-allow",
        };
      const refusal = refuseRelayTarget(target.trim(), this.policy);
      if (refusal) return { status: 400, field: "target", message: refusal };
      normalized = new URL(target.trim()).href;
    }
    const info: TapInfo = {
      name: tapName,
      target: normalized,
      url: `${wsBase}/tap/${tapName}`,
      holdTimeoutMs: TapLimits.defaultHoldTimeoutMs,
    };
    const tap = new Tap(info, {
      highWaterBytes: this.limits.highWaterBytes,
      sandbox: this.#sandbox,
    });
    this.#taps.set(tapName, tap);
    return tap;
  }

  get(name: string): Tap | undefined {
    return this.#taps.get(name);
  }

  list(): Tap[] {
    return [...this.#taps.values()];
  }

  /** Removes a tap, closing its clients and watchers with 1001; false when there is none. */
  remove(name: string): boolean {
    const tap = this.#taps.get(name);
    if (!tap) return false;
    this.#taps.delete(name);
    tap.close("Tap removed");
    return true;
  }

  /** Closes every tap and the regex sandbox (the server is shutting down). */
  closeAll(): void {
    for (const name of [...this.#taps.keys()]) this.remove(name);
    this.#sandbox.close();
  }
}

/** Whether a `create` result is a refusal. */
export function isTapRefusal(result: Tap | TapRefusal): result is TapRefusal {
  return !(result instanceof Tap);
}
