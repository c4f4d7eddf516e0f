// Receivers for the kernel floor measurement: `count` loopback TCP connections that read into
// one shared buffer and discard it, the least a receiver can do.
// config: { port, count, deadlineMs }
import net from "node:net";
import { command, config, report, run } from "./load-common.mjs";

run(async () => {
  const scratch = Buffer.alloc(64 * 1024);
  const sockets = [];
  for (let i = 0; i < config.count; i++) {
    const socket = net.connect({
      port: config.port,
      host: "127.0.0.1",
      onread: { buffer: scratch, callback: () => true },
    });
    socket.on("error", () => {});
    await new Promise((resolve) => socket.once("connect", resolve));
    sockets.push(socket);
  }
  report({ type: "ready" });
  await command("stop");
  for (const socket of sockets) socket.destroy();
});
