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
      tls: { certFile: "c.pem", keyFile: "k.pem" },
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
      "--help",
    ];
    for (const flag of flags) expect(HELP).toContain(flag);
  });
});
