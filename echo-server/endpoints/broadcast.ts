import { defineHooks, type Peer } from "crossws";
import { flagParam, type ParameterSpec, queryOf } from "../query.ts";
import type { RoomsBackplane } from "../rooms/backplane.ts";
import { type Send, sendDirect } from "../send.ts";

/** Query parameters of `/broadcast`. */
export const broadcastParameters: ParameterSpec[] = [
  { name: "self", description: "1 to receive your own messages too", default: "0" },
];

/**
 * `/broadcast`: every message goes to every other peer on this endpoint, as it was sent (text
 * as text, binary as binary). With `?self=1` the sender gets it too.
 */
export function createBroadcast(options: { send?: Send; backplane?: RoomsBackplane } = {}) {
  const send = options.send ?? sendDirect;
  const backplane = options.backplane;
  const peers = new Set<Peer>();
  const includeSelf = new WeakSet<Peer>();
  // What other processes broadcast reaches every peer here.
  backplane?.onEvent((event) => {
    if (event.kind !== "broadcast") return;
    const data = event.text ?? Buffer.from(event.base64 ?? "", "base64");
    for (const peer of peers) send(peer, data);
  });

  return defineHooks({
    upgrade(request) {
      return { context: { self: flagParam(queryOf(request), "self") } };
    },
    open(peer) {
      peers.add(peer);
      if (peer.context.self === true) includeSelf.add(peer);
    },
    message(sender, message) {
      const data = message.rawData as string | Uint8Array;
      for (const peer of peers) {
        if (peer !== sender || includeSelf.has(peer)) send(peer, data);
      }
      backplane?.publish(
        typeof data === "string"
          ? { kind: "broadcast", from: backplane.instanceId, text: data }
          : {
              kind: "broadcast",
              from: backplane.instanceId,
              base64: Buffer.from(data).toString("base64"),
            },
      );
    },
    close(peer) {
      peers.delete(peer);
    },
  });
}

/** `/broadcast` hooks, ready to mount in any crossws adapter. */
export const broadcast = createBroadcast();
