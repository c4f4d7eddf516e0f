/**
 * Plain words for connections that failed: a direct attempt the browser will not explain (and
 * what the relay found when SocketScope asked the server itself), an attempt that never opened,
 * and a connection that dropped without a close frame (1006).
 */

/** What the relay found when it dialled the same URL for a direct attempt that failed. */
export type ProbeAnswer =
  /** The relay's handshake failed too: `message` is the relay's sentence (see connect-errors.ts). */
  | { kind: "rejected"; message: string; status?: number; diagnosis?: string }
  /** The server accepted the relay's handshake. */
  | { kind: "accepted"; protocol: string }
  /** No answer: the relay was not there, refused to dial, or took too long. */
  | { kind: "unavailable" };

/** What a direct attempt that failed tells the user. */
export interface FailureWords {
  message: string;
  diagnosis?: string;
}

/**
 * Words for a direct attempt that failed before it opened, from what the relay found, or
 * undefined when the relay had no answer (the browser's own words stand).
 */
export function explainDirectFailure(
  answer: ProbeAnswer,
  target: { url: string; pageOrigin?: string },
): FailureWords | undefined {
  switch (answer.kind) {
    case "unavailable":
      return undefined;
    case "rejected": {
      // An HTTP answer other than 101 is exactly what browsers hide; a 101 that failed (no
      // subprotocol selected) or a network error is said as the relay said it.
      const hidden = answer.status !== undefined && answer.status !== 101;
      const message = hidden
        ? `${withoutFinalStop(answer.message)}. Browsers hide this status; SocketScope asked the server directly`
        : answer.status === 101
          ? `The server accepted the upgrade, then the handshake failed: ${answer.message}`
          : answer.message;
      return { message, ...(answer.diagnosis ? { diagnosis: answer.diagnosis } : {}) };
    }
    case "accepted":
      return {
        message:
          "The browser could not connect, yet the server accepted the same request via SocketScope's relay",
        diagnosis: `So the browser itself refused the connection. Likely causes: ${browserSideCauses(target).join("; ")}.`,
      };
  }
}

/** Why a browser may fail a connection that the server accepts from the relay. */
function browserSideCauses(target: { url: string; pageOrigin?: string }): string[] {
  const url = parse(target.url);
  const page = target.pageOrigin ? parse(target.pageOrigin) : undefined;
  const causes: string[] = [];
  if (url?.protocol === "wss:")
    causes.push(
      `the browser does not trust the server's TLS certificate (open https://${url.host}/ in a tab to see why)`,
    );
  if (url?.protocol === "ws:" && page?.protocol === "https:")
    causes.push("this page is served over https, and browsers block ws:// from it (use wss://)");
  causes.push(
    "the browser blocks this port (browsers refuse some, such as 6000 or 6667)",
    "a browser extension, proxy or policy blocked the connection",
  );
  return causes;
}

/**
 * Whether the relay dialling `url` reaches the same server the browser dialled: not when the
 * target is this machine (localhost) but the page, and so the relay, lives on another one.
 */
export function relayCanProbe(url: string, pageOrigin: string): boolean {
  const target = parse(url);
  const page = parse(pageOrigin);
  if (!target || !page || (page.protocol !== "http:" && page.protocol !== "https:")) return false;
  return !isLoopback(target.hostname) || isLoopback(page.hostname);
}

function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    /^127\.\d+\.\d+\.\d+$/.test(host) ||
    host === "[::1]"
  );
}

/** A close of an attempt that never opened, for the log: "Never opened: …". */
export function describeNeverOpened(reason: string): string {
  return `Never opened: ${reason || "the WebSocket handshake did not complete"}`;
}

/**
 * Status words for an attempt that never opened: "Could not connect: <what went wrong>", without
 * saying "Could not connect" twice when the error already does.
 */
export function describeCouldNotConnect(detail: string): string {
  if (detail === "") return "Could not connect";
  return /^could not connect\b/i.test(detail) ? detail : `Could not connect: ${detail}`;
}

/** Why a connection that was open ends with 1006 (no close frame), most likely first. */
export const ABNORMAL_CLOSE_CAUSES = [
  "a proxy or load-balancer idle timeout",
  "a server crash or restart",
  "a network drop",
  "a message over the server's size limit",
] as const;

/** The likely causes of a 1006 after open, as one clause. */
export function abnormalCloseCauses(): string {
  const causes = [...ABNORMAL_CLOSE_CAUSES];
  const last = causes.pop();
  return `Likely causes: ${causes.join(", ")}, or ${last}`;
}

/** The "why" for a connection that was open and dropped with 1006. */
export function abnormalCloseDiagnosis(): string {
  return `The connection dropped without a close frame (1006). ${abnormalCloseCauses()}.`;
}

function withoutFinalStop(sentence: string): string {
  return sentence.replace(/\.+$/, "");
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
