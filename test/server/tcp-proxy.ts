import type { AddressInfo, Socket } from "node:net";
import { connect, createServer } from "node:net";

/**
 * A TCP proxy on a free loopback port in front of `targetPort`. For each connection, `wire` gets
 * the client's socket and the one to the target, and moves the bytes between them; closing
 * either side closes the other.
 */
export async function startTcpProxy(
  targetPort: number,
  wire: (client: Socket, upstream: Socket) => void,
) {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(targetPort, "127.0.0.1");
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", () => {});
      socket.on("close", () => sockets.delete(socket));
    }
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    wire(client, upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
