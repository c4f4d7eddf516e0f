import { describe, expect, it } from "vitest";
import {
  shellQuote,
  websocatCommand,
  wscatCommand,
} from "../../inspector/src/model/connect/commands.ts";

describe("copy as command", () => {
  const setup = {
    url: "ws://localhost:3000/ws?room=a b",
    protocols: ["json"],
    headers: [["X-Api-Key", "it's secret"]] as [string, string][],
    origin: "http://localhost:3000",
  };

  it("quotes words for a POSIX shell", () => {
    expect(shellQuote("ws://h:1/p")).toBe("ws://h:1/p");
    expect(shellQuote("a b")).toBe("'a b'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
  });

  it("writes websocat", () => {
    expect(websocatCommand(setup)).toBe(
      "websocat --protocol json -H 'X-Api-Key: it'\\''s secret' --origin http://localhost:3000 'ws://localhost:3000/ws?room=a b'",
    );
    expect(websocatCommand({ url: "ws://h/echo", protocols: [], headers: [] })).toBe(
      "websocat ws://h/echo",
    );
  });

  it("writes wscat", () => {
    expect(wscatCommand(setup)).toBe(
      "wscat -c 'ws://localhost:3000/ws?room=a b' -s json -H 'X-Api-Key: it'\\''s secret' -o http://localhost:3000",
    );
  });
});
