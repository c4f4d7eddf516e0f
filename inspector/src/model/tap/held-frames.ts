import type { HeldFrame } from "../../../../echo-server/protocol/tap-wire.ts";
import { decodeBase64 } from "../frames/codecs.ts";
import { formatClockTime } from "../log/time.ts";

/** What the Held frames region says of a held frame, above its payload. */
export function describeHeld(frame: HeldFrame, holdTimeoutMs: number): string {
  const direction = frame.direction === "c2s" ? "client → server" : "server → client";
  const kind = frame.binary ? "binary, base64" : "text";
  return `#${frame.clientId} ${direction} (${kind}), held by ${frame.ruleId} at ${formatClockTime(frame.time)}; goes on by itself at ${formatClockTime(frame.time + holdTimeoutMs)}`;
}

/** Why an edited held payload cannot be forwarded, or undefined. */
export function checkHeldPayload(frame: HeldFrame, payload: string): string | undefined {
  if (frame.binary && decodeBase64(payload) === null)
    return "A binary frame's payload is base64 (A–Z a–z 0–9 + /, padded with =)";
  return undefined;
}
