import { startTcpProxy } from "./tcp-proxy.ts";

/** Bytes one direction of a proxied connection carried after its HTTP head (the upgrade). */
interface Direction {
  /** Bytes after the blank line that ends the HTTP request or response. */
  frameBytes: number;
  head: Buffer;
  headDone: boolean;
}

/**
 * A TCP proxy in front of `targetPort` that counts, per direction, the bytes each connection
 * carried after its HTTP upgrade: the WebSocket frames exactly as they went on the wire. An
 * independent yardstick for the wire meter.
 */
export async function startCountingProxy(targetPort: number) {
  const connections: { toTarget: Direction; fromTarget: Direction }[] = [];
  const count = (direction: Direction, chunk: Buffer) => {
    if (direction.headDone) {
      direction.frameBytes += chunk.length;
      return;
    }
    direction.head = Buffer.concat([direction.head, chunk]);
    const end = direction.head.indexOf("\r\n\r\n");
    if (end < 0) return;
    direction.headDone = true;
    direction.frameBytes += direction.head.length - (end + 4);
  };
  const proxy = await startTcpProxy(targetPort, (client, upstream) => {
    const entry = {
      toTarget: { frameBytes: 0, head: Buffer.alloc(0), headDone: false },
      fromTarget: { frameBytes: 0, head: Buffer.alloc(0), headDone: false },
    };
    connections.push(entry);
    client.on("data", (chunk: Buffer) => {
      count(entry.toTarget, chunk);
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      count(entry.fromTarget, chunk);
      client.write(chunk);
    });
  });
  return { ...proxy, connections };
}
