import { defineHooks, type Peer } from "crossws";
import { isSendableCloseCode } from "../protocol/close-codes.ts";
import { badRequest, numberParam, type ParameterSpec, queryOf } from "../query.ts";

/** Query parameters of `/close`. */
export const closeParameters: ParameterSpec[] = [
  { name: "code", description: "close code: 1000–1003, 1007–1014 or 3000–4999", default: "1000" },
  { name: "reason", description: "close reason, at most 123 bytes of UTF-8", default: "" },
  { name: "after", description: "milliseconds to wait after the open (0..600000)", default: "0" },
];

/** `/close`: closes the connection with `?code` and `?reason` after `?after` ms. */
export function createClose() {
  const timers = new WeakMap<Peer, ReturnType<typeof setTimeout>>();
  return defineHooks({
    upgrade(request) {
      const query = queryOf(request);
      const code = numberParam(query, "code", { min: 1000, max: 4999, fallback: 1000 });
      if (!isSendableCloseCode(code)) {
        throw badRequest(
          `?code=${code} cannot be sent in a close frame (1004–1006 and 1015 are reserved)`,
        );
      }
      const reason = query.get("reason") ?? "";
      if (Buffer.byteLength(reason) > 123)
        throw badRequest("?reason must be at most 123 bytes of UTF-8");
      const after = numberParam(query, "after", { min: 0, max: 600_000, fallback: 0 });
      return { context: { code, reason, after } };
    },
    open(peer) {
      const { code, reason, after } = peer.context as {
        code: number;
        reason: string;
        after: number;
      };
      timers.set(
        peer,
        setTimeout(() => peer.close(code, reason), after),
      );
    },
    close(peer) {
      clearTimeout(timers.get(peer));
      timers.delete(peer);
    },
  });
}

/** `/close` hooks, ready to mount in any crossws adapter. */
export const close = createClose();
