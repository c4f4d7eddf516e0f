import { checkTargetUrl } from "../../../../echo-server/protocol/relay-command.ts";
import { checkTapName, TapLimits } from "../../../../echo-server/protocol/tap-wire.ts";

/** A field of the New tap form. */
export type NewTapField = "name" | "target";

/** The New tap form, checked: what to create, or what is wrong and where. */
export type NewTapCheck =
  | { ok: true; name: string; target: string }
  | { ok: false; problems: { field: NewTapField; message: string }[] };

/**
 * Checks the New tap form with the server's own rules (it checks again): a tap name, and a
 * ws:// or wss:// target, or none for a mock tap that answers from its rules alone.
 */
export function checkNewTap(name: string, target: string): NewTapCheck {
  const problems: { field: NewTapField; message: string }[] = [];
  const trimmedName = name.trim();
  const nameProblem = checkTapName(trimmedName);
  if (nameProblem) problems.push({ field: "name", message: nameProblem });
  const trimmedTarget = target.trim();
  let normalized = "";
  if (trimmedTarget !== "") {
    const checked = checkTargetUrl(trimmedTarget);
    if (typeof checked === "string") normalized = checked;
    else problems.push({ field: "target", message: checked.error });
  }
  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, name: trimmedName, target: normalized };
}

/** The hold timeout as typed, in seconds: the milliseconds to set, or why not. */
export function checkHoldTimeout(
  seconds: string,
): { ok: true; ms: number } | { ok: false; message: string } {
  const min = TapLimits.minHoldTimeoutMs / 1000;
  const max = TapLimits.maxHoldTimeoutMs / 1000;
  const value = Number(seconds.trim());
  if (seconds.trim() === "" || !Number.isFinite(value) || value < min || value > max)
    return { ok: false, message: `The hold timeout is ${min}–${max} seconds` };
  const ms = Math.round(value * 1000);
  return { ok: true, ms };
}
