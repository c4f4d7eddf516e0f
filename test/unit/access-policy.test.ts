import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import {
  type AccessPolicy,
  parseHostPort,
  refuseForeignOrigin,
  refuseHost,
  refusePlaygroundOrigin,
} from "../../echo-server/access-policy.ts";

const policy = (fields: Partial<AccessPolicy> = {}): AccessPolicy => ({
  boundHost: "127.0.0.1",
  allowedHosts: [],
  allowOrigins: [],
  ...fields,
});

/** A request as the policy reads it: headers and the local port (7777 unless given). */
function request(headers: Record<string, string>, localPort = 7777, encrypted = false) {
  return { headers, socket: { localPort, encrypted } } as unknown as IncomingMessage;
}

describe("refuseHost", () => {
  it.each([
    ["127.0.0.1:7777", policy(), undefined],
    ["localhost:7777", policy(), undefined],
    ["LOCALHOST:7777", policy(), undefined],
    ["app.localhost:7777", policy(), undefined],
    ["127.1.2.3:7777", policy(), undefined],
    ["[::1]:7777", policy(), undefined],
    ["evil.example:7777", policy(), "not this server's"],
    ["127.0.0.1.nip.io:7777", policy(), "not this server's"],
    ["localhost.evil.example:7777", policy(), "not this server's"],
    ["127.0.0.1:8080", policy(), "not this server's"],
    ["127.0.0.1", policy(), "not this server's"],
    ["evil.example:7777", policy({ allowedHosts: ["evil.example"] }), undefined],
    ["evil.example:443", policy({ allowedHosts: ["evil.example"] }), undefined],
    ["evil.example:443", policy({ allowedHosts: ["evil.example:7777"] }), "not this server's"],
    ["a.b.example:7777", policy({ allowedHosts: [".b.example"] }), undefined],
    ["b.example:7777", policy({ allowedHosts: [".b.example"] }), undefined],
    ["notb.example:7777", policy({ allowedHosts: [".b.example"] }), "not this server's"],
    ["anything:1", policy({ allowedHosts: ["*"] }), undefined],
    ["192.168.1.5:7777", policy({ boundHost: "192.168.1.5" }), undefined],
    ["192.168.1.6:7777", policy({ boundHost: "192.168.1.5" }), "not this server's"],
    ["a b:7777", policy(), "is malformed"],
    ["a@b:7777", policy(), "is malformed"],
    ["127.0.0.1:99999", policy(), "is malformed"],
    ["", policy(), "no Host header"],
  ])("Host %j → %s", (host, access, refusal) => {
    const result = refuseHost(request({ host }), access);
    if (refusal === undefined) expect(result).toBeUndefined();
    else expect(result).toContain(refusal);
  });

  it("names the way out in its one-line reason", () => {
    expect(refuseHost(request({ host: "evil.example:7777" }), policy())).toBe(
      'The Host "evil.example:7777" is not this server\'s: open it as http://127.0.0.1:7777/ or list the name in --allowed-hosts',
    );
    expect(refuseHost(request({}), policy())).toBe("The request has no Host header");
  });

  it("takes the default port from the scheme", () => {
    expect(refuseHost(request({ host: "localhost" }, 80), policy())).toBeUndefined();
    expect(refuseHost(request({ host: "localhost" }, 443, true), policy())).toBeUndefined();
  });
});

describe("refuseForeignOrigin (relay and HTTP API)", () => {
  const own = { host: "127.0.0.1:7777" };
  it.each([
    [{ ...own, origin: "http://127.0.0.1:7777" }, false, undefined],
    [{ ...own, origin: "http://127.0.0.1:7777/" }, false, undefined],
    [{ ...own, origin: "https://127.0.0.1:7777" }, false, "not https://127.0.0.1:7777"],
    [{ ...own, origin: "http://localhost:7777" }, false, "not http://localhost:7777"],
    [{ ...own, origin: "http://127.0.0.1:3000" }, false, "not http://127.0.0.1:3000"],
    [{ ...own, origin: "null" }, false, "not null"],
    [{ ...own, origin: "http://evil.example" }, false, "not http://evil.example"],
    [own, false, undefined],
    [{ ...own, "sec-fetch-site": "same-origin" }, false, undefined],
    [{ ...own, "sec-fetch-site": "cross-site" }, false, "marked the request cross-site"],
    [{ ...own, "sec-fetch-site": "same-site" }, false, "marked the request cross-site"],
    [own, true, "no Origin was sent"],
  ])("%j (origin required: %s) → %s", (headers, requireOrigin, refusal) => {
    const result = refuseForeignOrigin(request(headers), { requireOrigin });
    if (refusal === undefined) expect(result).toBeUndefined();
    else expect(result).toContain(refusal);
  });
});

describe("refusePlaygroundOrigin", () => {
  const own = { host: "127.0.0.1:7777" };
  it.each([
    [own, policy(), undefined],
    [{ ...own, origin: "http://127.0.0.1:7777" }, policy(), undefined],
    [{ ...own, origin: "http://localhost:3000" }, policy(), undefined],
    [{ ...own, origin: "https://127.0.0.1:5173" }, policy(), undefined],
    [{ ...own, origin: "http://[::1]:8080" }, policy(), undefined],
    [{ ...own, origin: "http://evil.example" }, policy(), "may not use the playground"],
    [{ ...own, origin: "null" }, policy(), "may not use the playground"],
    [{ ...own, origin: "chrome-extension://abc" }, policy(), "may not use the playground"],
    [
      { ...own, origin: "https://app.example" },
      policy({ allowOrigins: ["https://app.example"] }),
      undefined,
    ],
    [
      { ...own, origin: "https://app.example:444" },
      policy({ allowOrigins: ["https://app.example"] }),
      "may not use the playground",
    ],
    [{ ...own, origin: "http://evil.example" }, policy({ allowOrigins: ["*"] }), undefined],
  ])("%j → %s", (headers, access, refusal) => {
    const result = refusePlaygroundOrigin(request(headers), access);
    if (refusal === undefined) expect(result).toBeUndefined();
    else expect(result).toContain(refusal);
  });

  it("says how to let an origin in", () => {
    expect(
      refusePlaygroundOrigin(request({ ...own, origin: "https://evil.example" }), policy()),
    ).toBe(
      "Pages from https://evil.example may not use the playground: start the server with --allow-origin https://evil.example to let them",
    );
  });
});

describe("parseHostPort", () => {
  it.each([
    ["a.example", 80, { host: "a.example", port: 80 }],
    ["A.Example.:8080", 80, { host: "a.example", port: 8080 }],
    ["[::1]:7", 80, { host: "::1", port: 7 }],
    ["[::1", 80, undefined],
    ["a:0", 80, undefined],
    ["a:b", 80, undefined],
  ])("%s", (header, defaultPort, expected) => {
    expect(parseHostPort(header, defaultPort)).toEqual(expected);
  });
});
