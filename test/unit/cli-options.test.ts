import { describe, expect, it } from "vitest";
import { HELP, parseCli } from "../../echo-server/cli-options.ts";

describe("parseCli", () => {
  it.each([
    ["defaults", [], {}, { type: "serve", port: 7777, host: "127.0.0.1" }],
    [
      "PORT from the environment",
      [],
      { PORT: "8080" },
      { type: "serve", port: 8080, host: "127.0.0.1" },
    ],
    [
      "--port beats PORT",
      ["--port", "9000"],
      { PORT: "8080" },
      { type: "serve", port: 9000, host: "127.0.0.1" },
    ],
    ["short flags", ["-p", "0", "-H", "0.0.0.0"], {}, { type: "serve", port: 0, host: "0.0.0.0" }],
    ["--host=", ["--host=::1"], {}, { type: "serve", port: 7777, host: "::1" }],
    ["--help", ["--help"], {}, { type: "help" }],
  ])("%s", (_name, argv, env, expected) => {
    expect(parseCli(argv, env)).toMatchObject(expected);
  });

  it("starts from the safe policy defaults", () => {
    expect(parseCli([], {})).toMatchObject({
      policy: {
        maxPayload: 1024 * 1024,
        deflate: false,
        rateLimit: 5000,
        rateBurst: 10_000,
        maxConnections: 1000,
        maxBufferedBytes: 4 * 1024 * 1024,
        slowConsumerGraceMs: 10_000,
      },
      authToken: "letmein",
      idleTimeoutSeconds: 60,
      socketIoPing: { intervalMs: 25_000, timeoutMs: 20_000 },
    });
  });

  it("reads every policy flag", () => {
    const command = parseCli(
      [
        "--max-payload=2048",
        "--deflate",
        "--rate-limit=10",
        "--max-connections=5",
        "--max-buffered=65536",
        "--slow-close=500",
        "--idle-timeout=0",
        "--auth-token=s3cret",
        "--socket-io-ping=1000,3000",
        "--tls-cert=c.pem",
        "--tls-key=k.pem",
      ],
      {},
    );
    expect(command).toMatchObject({
      policy: {
        maxPayload: 2048,
        deflate: true,
        rateLimit: 10,
        rateBurst: 20,
        maxConnections: 5,
        maxBufferedBytes: 65536,
        slowConsumerGraceMs: 500,
      },
      authToken: "s3cret",
      idleTimeoutSeconds: 0,
      socketIoPing: { intervalMs: 1000, timeoutMs: 3000 },
      tls: { certFile: "c.pem", keyFile: "k.pem" },
    });
  });

  it("reads the access lists, repeated or comma-separated, and the budgets", () => {
    expect(
      parseCli(
        [
          "--allowed-hosts",
          "dev.example,.corp.example",
          "--allowed-hosts=box:8080",
          "--allow-origin",
          "https://app.example:8443",
          "--max-connections-per-ip=9",
          "--max-rooms=10",
          "--history-bytes=0",
          "--api-rate-limit=3",
          "--echo-pending-bytes=2048",
          "--echo-pending-total=4096",
        ],
        {},
      ),
    ).toMatchObject({
      allowedHosts: ["dev.example", ".corp.example", "box:8080"],
      allowOrigins: ["https://app.example:8443"],
      policy: {
        maxConnectionsPerIp: 9,
        maxRooms: 10,
        maxHistoryBytes: 0,
        apiRateLimit: 3,
        echoPendingBytesPerPeer: 2048,
        echoPendingBytes: 4096,
      },
    });
    expect(parseCli([], {})).toMatchObject({
      allowedHosts: [],
      allowOrigins: [],
      policy: { maxConnectionsPerIp: 256, maxHistoryBytes: 16 * 1024 * 1024, apiRateLimit: 20 },
    });
  });

  it.each([
    [["--port", "abc"], '--port must be a number from 0 to 65535, not "abc"'],
    [["--port", "70000"], '--port must be a number from 0 to 65535, not "70000"'],
    [["--port=-1"], '--port must be a number from 0 to 65535, not "-1"'],
    [["--bogus"], "Unknown option '--bogus'"],
    [["extra"], "Unexpected argument 'extra'"],
    [["--tls-cert", "c.pem"], "--tls-cert and --tls-key go together"],
    [["--max-payload", "10"], "--max-payload must be a number from 125"],
    [["--auth-token="], "--auth-token must not be empty"],
    [
      ["--socket-io-ping=1000"],
      '--socket-io-ping is interval,timeout in ms, such as 25000,20000, not "1000"',
    ],
    [
      ["--socket-io-ping=1000,2000,3"],
      '--socket-io-ping is interval,timeout in ms, such as 25000,20000, not "1000,2000,3"',
    ],
    [
      ["--socket-io-ping=50,2000"],
      '--socket-io-ping interval must be a number from 100 to 3600000, not "50"',
    ],
    [["--allowed-hosts", "evil example"], '--allowed-hosts: "evil example" is not a host name'],
    [["--allow-origin", "example.com"], '--allow-origin: "example.com" is not an origin'],
    [["--allow-origin", "https://a.example/path"], "is not an origin"],
    [["--max-connections-per-ip", "0"], "--max-connections-per-ip must be a number from 1"],
    [["--echo-pending-total", "10"], "--echo-pending-total must be a number from 1024"],
    [
      ["--cluster", "2"],
      "--cluster needs --redis: the processes share rooms, presence and history through Redis",
    ],
    [["--cluster", "0", "--redis", "redis://127.0.0.1:6379"], "--cluster must be a number from 1"],
    [
      ["--redis", "http://127.0.0.1:6379"],
      '--redis must be a redis:// or rediss:// URL, not "http',
    ],
  ])("rejects %j", (argv, message) => {
    const result = parseCli(argv, {});
    expect(result.type).toBe("error");
    if (result.type === "error") expect(result.message).toContain(message);
  });

  it("lists every flag in --help", () => {
    const flags = [
      "--port",
      "--host",
      "--max-payload",
      "--deflate",
      "--rate-limit",
      "--max-connections",
      "--max-buffered",
      "--slow-close",
      "--idle-timeout",
      "--auth-token",
      "--tls-cert",
      "--tls-key",
      "--relay-allow",
      "--allowed-hosts",
      "--allow-origin",
      "--max-connections-per-ip",
      "--max-rooms",
      "--history-bytes",
      "--api-rate-limit",
      "--echo-pending-bytes",
      "--echo-pending-total",
      "--redis",
      "--cluster",
      "--presence-ttl",
      "--help",
    ];
    for (const flag of flags) expect(HELP).toContain(flag);
  });
});
