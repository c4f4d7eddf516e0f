import type { IncomingMessage } from "node:http";
import { isLoopback, refuseForeignOrigin } from "./access-policy.ts";
import { checkTargetUrl } from "./protocol/relay-command.ts";

/** What the relay may do. It is an SSRF risk, so it is narrow by default. */
export interface RelayPolicy {
  enabled: boolean;
  /** `host` or `host:port` entries the relay may dial; empty allows any target. */
  allow: string[];
}

/**
 * The relay policy for a server bound to `host`: on loopback the relay may dial any target
 * (only local users can reach it); bound elsewhere it is off unless `allow` names targets.
 */
export function relayPolicyFor(host: string, allow: string[]): RelayPolicy {
  return { enabled: isLoopback(host) || allow.length > 0, allow };
}

/**
 * Why a relay upgrade is refused, or undefined to accept it: the client must be on loopback and
 * its page must be this server's own (Origin equal to the server's scheme, host and port; the
 * Host itself was checked against the allow-list first), so no other page, rebinding or not,
 * can use the relay to reach a third party.
 */
export function refuseRelayClient(
  request: IncomingMessage,
  policy: RelayPolicy,
): string | undefined {
  if (!policy.enabled)
    return "The relay is off: this server is not bound to loopback and --relay-allow names no targets";
  if (!isLoopback(request.socket.remoteAddress))
    return "The relay accepts connections from this machine only";
  return refuseForeignOrigin(request, { requireOrigin: true });
}

/**
 * Why the relay may not dial `url`, or undefined when it may: a valid ws: or wss: URL (see
 * `checkTargetUrl`) whose host is in `--relay-allow` when that list is set. Checked for every
 * hop before any connection is made.
 */
export function refuseRelayTarget(url: string, policy: RelayPolicy): string | undefined {
  const checked = checkTargetUrl(url);
  if (typeof checked !== "string") return checked.error;
  if (policy.allow.length === 0) return undefined;
  const target = new URL(checked);
  const port = target.port || (target.protocol === "wss:" ? "443" : "80");
  const allowed = policy.allow.some((entry) => {
    const [host, allowedPort] = entry.split(/:(?=\d+$)/);
    return (
      host?.toLowerCase() === target.hostname.toLowerCase() &&
      (allowedPort === undefined || allowedPort === port)
    );
  });
  return allowed
    ? undefined
    : `${target.host} is not in --relay-allow (${policy.allow.join(", ")})`;
}
