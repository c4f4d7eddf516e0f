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
    expect(parseCli(argv, env)).toEqual(expected);
  });

  it.each([
    [["--port", "abc"], '--port must be a number from 0 to 65535, not "abc"'],
    [["--port", "70000"], '--port must be a number from 0 to 65535, not "70000"'],
    [["--port=-1"], '--port must be a number from 0 to 65535, not "-1"'],
    [["--bogus"], "Unknown option '--bogus'"],
    [["extra"], "Unexpected argument 'extra'"],
  ])("rejects %j", (argv, message) => {
    const result = parseCli(argv, {});
    expect(result.type).toBe("error");
    if (result.type === "error") expect(result.message).toContain(message);
  });

  it("lists every flag in --help", () => {
    for (const flag of ["--port", "--host", "--help"]) expect(HELP).toContain(flag);
  });
});
