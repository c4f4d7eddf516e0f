// The kernel's share of a fan-out, without any WebSocket server: one thread writes one
// pre-framed text frame to each of `count` loopback TCP sockets, as the last step of every
// server's broadcast loop does, and times each wave. Whatever a single-threaded server does in
// JavaScript, a publish's last delivery cannot leave sooner than this.
// Several senders can run side by side: "start" may carry `startAt` (wall clock ms), and wave i
// then starts at startAt + i × gapMs in every sender, so their waves overlap as a fan-out split
// over several processes would.
// config: { count, frameBytes, waves, gapMs, deadlineMs }
import net from "node:net";
import { command, config, report, run, sleep } from "./load-common.mjs";

/** Milliseconds on a clock every process on this machine shares. */
const wallNow = () => performance.timeOrigin + performance.now();

run(async () => {
  const sockets = [];
  const server = net.createServer((socket) => {
    socket.setNoDelay(true); // as ws does for every WebSocket
    socket.on("error", () => {});
    sockets.push(socket);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  report({ type: "ready", port: server.address().port });
  const { startAt } = await command("start");
  while (sockets.length < config.count) await sleep(20);
  const frame = textFrame(config.frameBytes);
  const waveMs = [];
  const endsAt = [];
  for (let wave = 0; wave < config.waves; wave++) {
    if (startAt !== undefined) {
      const wait = startAt + wave * config.gapMs - wallNow();
      if (wait > 0) await sleep(wait);
    }
    const waveStart = performance.now();
    // An idle socket's write reaches the kernel synchronously (libuv tries it at once).
    for (const socket of sockets) socket.write(frame);
    waveMs.push(performance.now() - waveStart);
    endsAt.push(wallNow());
    if (startAt === undefined) await sleep(config.gapMs);
  }
  report({ type: "result", waveMs, endsAt });
  await command("stop");
  for (const socket of sockets) socket.destroy();
  server.close();
});

/** An unmasked server-to-client text frame whose payload is `size` (< 126) ASCII bytes. */
function textFrame(size) {
  const frame = Buffer.alloc(2 + size, "x".charCodeAt(0));
  frame[0] = 0x81; // FIN + text
  frame[1] = size;
  return frame;
}
