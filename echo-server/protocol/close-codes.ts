/**
 * WebSocket close codes: what each means, which a close frame may carry, and how long its reason
 * may be (RFC 6455 §5.5 and §7.4, and the IANA registry). Shared by the server and the inspector.
 */

/** Close codes the server itself sends, by what they say. */
export const CloseCodes = {
  normal: 1000,
  goingAway: 1001,
  policyViolation: 1008,
  messageTooBig: 1009,
  internalError: 1011,
  tryAgainLater: 1013,
} as const;

/** A control frame's payload is at most 125 bytes, and the close code takes two of them. */
export const MAX_CLOSE_REASON_BYTES = 123;

const MEANINGS: Record<number, string> = {
  1000: "Normal Closure",
  1001: "Going Away",
  1002: "Protocol Error",
  1003: "Unsupported Data",
  1004: "Reserved",
  1005: "No Status Received",
  1006: "Abnormal Closure",
  1007: "Invalid Frame Payload Data",
  1008: "Policy Violation",
  1009: "Message Too Big",
  1010: "Mandatory Extension",
  1011: "Internal Error",
  1012: "Service Restart",
  1013: "Try Again Later",
  1014: "Bad Gateway",
  1015: "TLS Handshake Failure",
};

/** Standard meaning of a WebSocket close code (RFC 6455 §7.4 and the IANA registry). */
export function closeCodeMeaning(code: number): string {
  const known = MEANINGS[code];
  if (known) return known;
  if (code >= 3000 && code <= 3999) return "Registered (library/framework)";
  if (code >= 4000 && code <= 4999) return "Application-defined";
  return "Unknown";
}

/** `1000 Normal Closure`, plus `: reason` when the peer gave one. */
export function describeClose(code: number, reason: string): string {
  const base = `${code} ${closeCodeMeaning(code)}`;
  return reason === "" ? base : `${base}: ${reason}`;
}

/** Whether a close frame may carry `code` (RFC 6455 §7.4: what `ws`, and so the relay, sends). */
export function isSendableCloseCode(code: number): boolean {
  return (
    Number.isInteger(code) &&
    ((code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) ||
      (code >= 3000 && code <= 4999))
  );
}

/**
 * `reason` cut to fit a close frame: at most 123 UTF-8 bytes, never splitting a character
 * (a cut surrogate pair or multi-byte sequence would make the frame invalid UTF-8, which the
 * peer must fail with 1007).
 */
export function closeReason(reason: string): string {
  let bytes = 0;
  let end = 0;
  for (const char of reason) {
    const size = utf8Length(char.codePointAt(0) ?? 0);
    if (bytes + size > MAX_CLOSE_REASON_BYTES) break;
    bytes += size;
    end += char.length;
  }
  // A lone surrogate encodes as U+FFFD (3 bytes), so it is kept as that character; with the
  // `u` flag, the class matches unpaired surrogates only.
  return reason.slice(0, end).replace(/[\uD800-\uDFFF]/gu, "\uFFFD");
}

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}
