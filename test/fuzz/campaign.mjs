// `npm run fuzz`: a seeded, randomized attack campaign against the built `socketscope` server.
// It throws random room frames and JSON shapes, relay commands, HTTP requests and bodies,
// upgrade requests (some reset mid-write) and malformed raw frames at one server process for
// two minutes, while a witness pair in a room must keep hearing each other. It prints its seed;
// `npm run fuzz -- --seed N` replays a campaign. Not part of `npm test`.
import { spawn } from "node:child_process";
import { request as httpRequest } from "node:http";
import { connect, createServer } from "node:net";
import { parseArgs } from "node:util";
import fc from "fast-check";
import WebSocket from "ws";

const { values } = parseArgs({
  options: { seed: { type: "string" }, duration: { type: "string", default: "120" } },
});
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const durationMs = Number(values.duration) * 1000;
console.log(
  `fuzz: seed ${seed}, ${durationMs / 1000} s (replay with: npm run fuzz -- --seed ${seed})`,
);

/** A small seeded PRNG (mulberry32), so a seed replays the same campaign. */
let state = seed >>> 0;
function random() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];
const sample = (arbitrary) =>
  fc.sample(arbitrary, { seed: Math.floor(random() * 2 ** 31), numRuns: 1 })[0];

const port = await new Promise((resolve) => {
  const probe = createServer().listen(0, "127.0.0.1", () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});
const server = spawn(
  process.execPath,
  [
    "dist/server/cli.js",
    "--port",
    String(port),
    "--history-bytes",
    "4194304",
    "--api-rate-limit",
    "100000",
    "--max-connections-per-ip",
    "1000",
  ],
  { stdio: ["ignore", "pipe", "pipe"] },
);
let serverErr = "";
server.stderr.on("data", (chunk) => (serverErr += chunk));
await new Promise((resolve, reject) => {
  let out = "";
  server.stdout.on("data", (chunk) => {
    out += chunk;
    if (out.includes("Press Ctrl+C")) resolve();
  });
  server.on("exit", (code) =>
    reject(new Error(`server exited (${code}) before it started: ${serverErr}`)),
  );
});
const base = `127.0.0.1:${port}`;
const own = `http://${base}`;

// --- generators -------------------------------------------------------------------------------

const deep = () => {
  const depth = pick([5, 33, 65, 1000, 10_000]);
  const [open, close] = pick([
    ["[", "]"],
    ['{"a":', "}"],
  ]);
  return open.repeat(depth) + (open === "[" ? "" : "1") + close.repeat(depth);
};
const roomCommand = () =>
  JSON.stringify({
    type: pick(["join", "leave", "publish", "dm", "nick", "rooms", "x", undefined]),
    room: pick(["witness-not", "a", "__proto__", "", "bad name", 5, null, undefined]),
    to: pick(["u1", "u2", "__proto__", undefined, 7]),
    name: pick(["ok", "", "x".repeat(40), "\u0000", 5, undefined]),
    data: sample(fc.jsonValue({ maxDepth: 6 })),
  });
const roomFrame = () =>
  pick([
    roomCommand,
    () => `{"type":"publish","room":"a","data":${deep()}}`,
    () => `{"type":${deep()}}`,
    () => sample(fc.string({ unit: "binary", maxLength: 200 })),
    () => sample(fc.json({ maxDepth: 8 })),
    () => "ping",
    () => Buffer.from(sample(fc.uint8Array({ maxLength: 300 }))),
  ])();
const relayCommand = () =>
  pick([
    () => JSON.stringify(sample(fc.anything({ maxDepth: 4 }))),
    () =>
      JSON.stringify({
        type: pick(["connect", "ping", "close", "auto-pong", "x"]),
        url: pick([
          `ws://${base}/echo`,
          "ws://127.0.0.1:9/",
          "http://x/",
          "ws://a#b",
          sample(fc.string()),
          5,
        ]),
        protocols: pick([
          [],
          ["a", "a"],
          ["a b"],
          sample(fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 })),
          1,
        ]),
        headers: pick([
          [],
          [["X-A", "’"]],
          [["Host", "x"]],
          sample(
            fc.array(
              fc.tuple(fc.string({ maxLength: 8 }), fc.string({ unit: "binary", maxLength: 8 })),
              { maxLength: 4 },
            ),
          ),
          5,
          null,
        ]),
        origin: pick([undefined, own, "http://a\u0001", sample(fc.string())]),
        handshakeTimeoutMs: pick([undefined, -1, 0, 1e12, 150, "x"]),
        followRedirects: pick([undefined, true, "yes"]),
        code: pick([undefined, 1000, 1005, 4999, 99999]),
        reason: pick([undefined, "€".repeat(100), 5]),
        data: pick(["", "AA==", "%%", Buffer.alloc(200).toString("base64")]),
        enabled: pick([true, "no"]),
      }),
    () => `{"type":"connect","url":"ws://127.0.0.1:9/","headers":${deep()}}`,
    () => Buffer.from(sample(fc.uint8Array({ maxLength: 64 }))),
  ])();
const hostHeader = () =>
  pick([
    base,
    `localhost:${port}`,
    `evil.example:${port}`,
    "127.0.0.1",
    "",
    "a b",
    `[::1]:${port}`,
  ]);
const originHeader = () =>
  pick([undefined, own, "http://evil.example", "null", `http://localhost:3000`, "\u0001"]);

// --- actions ----------------------------------------------------------------------------------

const sockets = new Set();
function openWs(path, origin) {
  const ws = new WebSocket(`ws://${base}${path}`, origin ? { origin } : {});
  ws.on("error", () => {});
  sockets.add(ws);
  ws.on("close", () => sockets.delete(ws));
  setTimeout(() => ws.terminate(), 1000).unref();
  return new Promise((resolve) => {
    ws.on("open", () => resolve(ws));
    ws.on("unexpected-response", () => resolve(undefined));
    ws.on("error", () => resolve(undefined));
  });
}

const actions = {
  async rooms() {
    const ws = await openWs(`/rooms/${pick(["a", "b", "__proto__"])}`);
    if (!ws) return;
    for (let i = 0; i < 5; i++) ws.send(roomFrame());
  },
  async relay() {
    const ws = await openWs("/relay", own);
    if (!ws) return;
    for (let i = 0; i < 3; i++) ws.send(relayCommand());
  },
  async http() {
    const body = pick([
      () => deep(),
      () => sample(fc.json({ maxDepth: 10 })),
      () => sample(fc.string({ maxLength: 500 })),
      () => "",
    ])();
    await new Promise((resolve) => {
      const headers = {
        Host: hostHeader(),
        "Content-Type": pick(["application/json", "text/plain", undefined]),
      };
      const origin = originHeader();
      if (origin !== undefined) headers.Origin = origin;
      for (const key of Object.keys(headers)) if (headers[key] === undefined) delete headers[key];
      let req;
      try {
        req = httpRequest(
          {
            host: "127.0.0.1",
            port,
            setHost: false,
            method: pick(["GET", "POST", "PUT", "HEAD", "DELETE"]),
            path: pick([
              "/api/rooms/a",
              "/api/rooms/%E0",
              "/api/stats",
              "/api/endpoints",
              "/healthz",
              "/",
              "/echo",
              "/../../etc/passwd",
            ]),
            headers,
          },
          (res) => {
            res.resume();
            res.on("end", resolve);
          },
        );
      } catch {
        return resolve(); // the client refused to send it (an invalid header value)
      }
      req.on("error", resolve);
      req.end(body);
    });
  },
  async upgrade() {
    const lines = [
      `GET ${pick(["/echo", "/relay", "/nope", "/echo?delay=abc", "/auth?token=x", "http://[/x", "/rooms/a"])} HTTP/1.1`,
      `Host: ${hostHeader()}`,
      "Upgrade: websocket",
      "Connection: Upgrade",
      `Sec-WebSocket-Key: ${pick(["dGhlIHNhbXBsZSBub25jZQ==", "bad", ""])}`,
      `Sec-WebSocket-Version: ${pick(["13", "8", ""])}`,
    ];
    const origin = originHeader();
    if (origin) lines.push(`Origin: ${origin}`);
    const reset = random() < 0.5;
    await new Promise((resolve) => {
      const socket = connect(port, "127.0.0.1", () => {
        socket.write(`${lines.join("\r\n")}\r\n\r\n`, () => {
          if (reset) socket.resetAndDestroy();
          else if (random() < 0.5)
            socket.write(Buffer.from(sample(fc.uint8Array({ maxLength: 200 }))));
        });
      });
      socket.on("error", () => {});
      socket.on("close", resolve);
      setTimeout(() => socket.destroy(), 150).unref();
    });
  },
};

// --- the campaign -----------------------------------------------------------------------------

function witnesses() {
  return new Promise((resolve, reject) => {
    const a = new WebSocket(`ws://${base}/rooms/witness`);
    const b = new WebSocket(`ws://${base}/rooms/witness`);
    let opened = 0;
    const onOpen = () => ++opened === 2 && resolve({ a, b });
    a.on("open", onOpen);
    b.on("open", onOpen);
    a.on("error", reject);
    b.on("error", reject);
  });
}
const witness = await witnesses();
const heard = [];
witness.b.on("message", (data) => {
  const text = data.toString();
  if (text.includes('"type":"message"')) heard.push(JSON.parse(text).data);
});

async function check(round) {
  if (server.exitCode !== null)
    throw new Error(`the server exited (${server.exitCode}): ${serverErr}`);
  heard.length = 0;
  for (let i = 0; i < 10; i++)
    witness.a.send(JSON.stringify({ type: "publish", room: "witness", data: `${round}-${i}` }));
  const deadline = Date.now() + 3000;
  while (heard.length < 10 && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 10));
  const expected = Array.from({ length: 10 }, (_, i) => `${round}-${i}`);
  if (JSON.stringify(heard) !== JSON.stringify(expected))
    throw new Error(
      `the witnesses lost messages in round ${round}: heard ${JSON.stringify(heard)}`,
    );
  const stats = await fetch(`${own}/api/stats`).then((res) => res.json());
  return stats;
}

const counts = Object.fromEntries(Object.keys(actions).map((name) => [name, 0]));
const started = Date.now();
const first = await check(0);
let last = first;
let round = 0;
let lastAction = "";
try {
  while (Date.now() - started < durationMs) {
    const batch = [];
    for (let i = 0; i < 24; i++) {
      const name = pick(Object.keys(actions));
      counts[name]++;
      lastAction = name;
      batch.push(actions[name]());
    }
    await Promise.all(batch);
    if (++round % 25 === 0) last = await check(round);
  }
  last = await check(round + 1);
} catch (error) {
  console.error(
    `fuzz: FAILED after ${((Date.now() - started) / 1000).toFixed(1)} s (last action: ${lastAction}): ${error.message}`,
  );
  console.error(`fuzz: replay with: npm run fuzz -- --seed ${seed}`);
  server.kill("SIGKILL");
  process.exit(1);
}

const rssGrowth = (last.memory.rss - first.memory.rss) / 1024 / 1024;
console.log(
  `fuzz: ${Object.entries(counts)
    .map(([name, n]) => `${n} ${name}`)
    .join(", ")} in ${((Date.now() - started) / 1000).toFixed(0)} s`,
);
console.log(
  `fuzz: server alive, witnesses lost nothing, RSS ${(last.memory.rss / 1024 / 1024).toFixed(0)} MiB (${rssGrowth >= 0 ? "+" : ""}${rssGrowth.toFixed(0)} MiB), failures caught by the boundary: ${last.errors} ${JSON.stringify(last.errorsBy)}`,
);
for (const ws of sockets) ws.terminate();
witness.a.terminate();
witness.b.terminate();
server.kill("SIGTERM");
process.exit(last.errors > 0 ? 1 : 0);
