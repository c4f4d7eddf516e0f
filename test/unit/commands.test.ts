import { describe, expect, it } from "vitest";
import { shellQuote, websocatCommand, wscatCommand } from "../../inspector/src/model/commands.ts";
import { isSecretHeader, readShareLink, shareLink } from "../../inspector/src/model/share-link.ts";

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

describe("share links", () => {
  it.each([
    ["Authorization", true],
    ["cookie", true],
    ["X-Api-Key", true],
    ["X-Auth-Token", true],
    ["X-Session-Id", true],
    ["Accept-Language", false],
    ["X-Client-Version", false],
  ])("%s is secret: %s", (name, secret) => {
    expect(isSecretHeader(name)).toBe(secret);
  });

  it("carries the URL, subprotocols, relay and harmless headers, never secret ones", () => {
    const link = shareLink("http://127.0.0.1:7777", {
      url: "ws://localhost:3000/ws",
      protocols: "json, v2",
      viaRelay: true,
      headers: [
        ["Authorization", "Bearer abc"],
        ["X-Client-Version", "1.2"],
        ["Cookie", "s=1"],
      ],
    });
    expect(link).toBe(
      "http://127.0.0.1:7777/?url=ws%3A%2F%2Flocalhost%3A3000%2Fws&protocols=json%2C+v2&relay=1&header=X-Client-Version%3A1.2",
    );
    expect(link).not.toContain("abc");
    expect(readShareLink(new URL(link).search)).toEqual({
      url: "ws://localhost:3000/ws",
      protocols: "json, v2",
      viaRelay: true,
      headers: [["X-Client-Version", "1.2"]],
    });
  });

  it("drops secret headers from a hand-made link, and needs a URL", () => {
    expect(readShareLink("?url=ws://h/&header=Authorization:Bearer%20x")?.headers).toEqual([]);
    expect(readShareLink("?protocols=json")).toBeNull();
  });
});
