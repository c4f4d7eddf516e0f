/**
 * Plain words for why a WebSocket connection could not be made, from the error codes Node (and
 * so the relay) reports: "connect ECONNREFUSED 127.0.0.1:7829" means nothing to most people,
 * "Nothing is listening on 127.0.0.1:7829" does. Shared: the relay says it, the inspector shows it.
 */

/** The host and port a URL dials, as people write them (`example.com:443`). */
function hostPortOf(url: string): string {
  try {
    const parsed = new URL(url);
    const port =
      parsed.port || (parsed.protocol === "wss:" || parsed.protocol === "https:" ? "443" : "80");
    return `${parsed.hostname}:${port}`;
  } catch {
    return url;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

/** Sentences for Node's error codes; `{target}` is host:port, `{host}` the host name. */
const SENTENCES: Record<string, string> = {
  ECONNREFUSED: "Nothing is listening on {target}: the connection was refused",
  ENOTFOUND: "The host name {host} could not be found (DNS): check the spelling",
  EAI_AGAIN: "The host name {host} could not be looked up right now (DNS did not answer)",
  ETIMEDOUT: "{target} did not answer in time: a firewall may be dropping the connection",
  ENETUNREACH: "The network of {target} cannot be reached from this machine",
  EHOSTUNREACH: "{target} cannot be reached from this machine",
  ECONNRESET: "{target} closed the connection during the handshake",
  EPIPE: "{target} closed the connection during the handshake",
  EPROTO: "{target} did not speak TLS: if it serves plain WebSockets, use ws:// instead of wss://",
  ERR_SSL_WRONG_VERSION_NUMBER:
    "{target} did not speak TLS: if it serves plain WebSockets, use ws:// instead of wss://",
  DEPTH_ZERO_SELF_SIGNED_CERT: "{target} presented a self-signed certificate, which is not trusted",
  SELF_SIGNED_CERT_IN_CHAIN:
    "{target} presented a certificate signed by an untrusted (self-signed) authority",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    "{target} presented a certificate whose issuer is not trusted (an intermediate may be missing)",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    "{target} presented a certificate whose issuer is not trusted on this machine",
  CERT_HAS_EXPIRED: "The certificate of {target} has expired",
  CERT_NOT_YET_VALID: "The certificate of {target} is not valid yet: check the clocks",
  ERR_TLS_CERT_ALTNAME_INVALID: "The certificate of {target} is for another host name",
};

/**
 * A sentence for a failed connection attempt to `url`, from a Node error code such as
 * ECONNREFUSED; the original message when the code is not one we know.
 */
export function explainConnectError(
  error: { code?: string; message: string },
  url: string,
): string {
  const sentence = error.code === undefined ? undefined : SENTENCES[error.code];
  if (sentence === undefined) return error.message;
  return sentence.replace("{target}", hostPortOf(url)).replace("{host}", hostOf(url));
}

/**
 * "The server answered 401 Unauthorized: Invalid token" for a refused upgrade: the status, and
 * the first line of the body when it is short text (servers often say why there).
 */
export function describeRefusal(status: number, statusText: string, body = ""): string {
  const line = body.trim().split(/\r?\n/, 1)[0]?.trim() ?? "";
  const reason = line !== "" && line.length <= 200 && !line.startsWith("<") ? `: ${line}` : "";
  return `The server answered ${status} ${statusText}`.trim() + reason;
}
