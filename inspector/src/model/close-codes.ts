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
