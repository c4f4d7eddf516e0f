import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";

const guarded = new WeakSet<Duplex>();

/**
 * Gives an upgrading socket an error listener. Node removes the socket's own listener before it
 * emits `upgrade`, so a peer that resets the connection while the answer is being written would
 * raise an unhandled `error` event and end the process. Call it first thing in every upgrade.
 */
export function guardUpgradeSocket(socket: Duplex): void {
  if (guarded.has(socket)) return;
  guarded.add(socket);
  socket.on("error", () => socket.destroy());
}

/**
 * Answers an upgrade with a plain HTTP error and a one-line reason, then closes the socket. Safe
 * on a socket the peer has already reset.
 */
export function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  guardUpgradeSocket(socket);
  if (socket.destroyed || !socket.writable) {
    socket.destroy();
    return;
  }
  const body = reason.replace(/[\r\n]+/g, " ");
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  // A peer that never reads its answer does not keep the socket open.
  setTimeout(() => socket.destroy(), 2000).unref();
}
