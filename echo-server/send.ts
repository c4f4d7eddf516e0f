import type { Peer } from "crossws";

/** Sends one message to a peer. Strings go out as text frames, bytes as binary frames. */
export type Send = (peer: Peer, data: string | Uint8Array) => void;

/** Sends straight to the peer: what an endpoint does when mounted on its own. */
export const sendDirect: Send = (peer, data) => {
  peer.send(data);
};
