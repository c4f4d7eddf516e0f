import { defineHooks } from "crossws";

/**
 * `/echo`: sends every message back to its sender, verbatim. On Node, crossws hands text frames
 * over as strings and binary frames as Buffers, and `peer.send` keeps that type, so text stays
 * text and binary stays binary.
 */
export const echo = defineHooks({
  message(peer, message) {
    peer.send(message.rawData);
  },
});
