import { describe, expect, it } from "vitest";
import { isSecretHeader, isSecretName } from "../../echo-server/protocol/secret-names.ts";
import { isShareableHeader, redactUrl } from "../../inspector/src/model/connect/secrets.ts";

describe("isSecretName", () => {
  it.each([
    ["token", true],
    ["access_token", true],
    ["accessToken", true],
    ["id_token", true],
    ["api_key", true],
    ["apikey", true],
    ["apiKey", true],
    ["key", true],
    ["X-Api-Key", true],
    ["secret", true],
    ["client_secret", true],
    ["session", true],
    ["sessionid", true],
    ["PHPSESSID", true],
    ["auth", true],
    ["X-Auth-Token", true],
    ["password", true],
    ["passwd", true],
    ["pwd", true],
    ["pass", true],
    ["signature", true],
    ["sig", true],
    ["X-Amz-Signature", true],
    ["X-Amz-Credential", true],
    ["jwt", true],
    ["code", true],
    ["sid", true],
    ["csrf_token", true],
    ["oauth_verifier", true],
    ["room", false],
    ["delay", false],
    ["author", false],
    ["monkey", false],
    ["design", false],
    ["barcode", false],
    ["passenger", false],
    ["EIO", false],
    ["transport", false],
    ["Accept-Language", false],
    ["X-Client-Version", false],
  ])("%s → %s", (name, secret) => {
    expect(isSecretName(name)).toBe(secret);
  });
});

describe("isSecretHeader", () => {
  it.each([
    ["Authorization", true],
    ["authorization", true],
    ["Proxy-Authorization", true],
    ["Cookie", true],
    ["Set-Cookie", true],
    ["X-Api-Key", true],
    ["X-Session-Id", true],
    ["Ocp-Apim-Subscription-Key", true],
    ["Sec-WebSocket-Key", false],
    ["Sec-WebSocket-Accept", false],
    ["WWW-Authenticate", false],
    ["Access-Control-Allow-Credentials", false],
    ["User-Agent", false],
    ["Location", false],
  ])("%s → %s", (name, secret) => {
    expect(isSecretHeader(name)).toBe(secret);
  });
});

describe("isShareableHeader", () => {
  it.each([
    ["Accept-Language", true],
    ["user-agent", true],
    ["X-Request-Id", true],
    [" Cache-Control ", true],
    ["Authorization", false],
    ["X-Client-Version", false],
    ["X-Tenant", false],
    ["Sec-WebSocket-Protocol", false],
  ])("%s → %s", (name, shareable) => {
    expect(isShareableHeader(name)).toBe(shareable);
  });
});

describe("redactUrl", () => {
  it.each([
    ["ws://h/echo", "ws://h/echo", "ws://h/echo", []],
    ["ws://h/auth?token=abc", "ws://h/auth", "ws://h/auth?token=redacted", ["token"]],
    [
      "wss://u:p@h:8443/ws?room=a&access_token=x&delay=5",
      "wss://h:8443/ws?room=a&delay=5",
      "wss://h:8443/ws?room=a&access_token=redacted&delay=5",
      ["access_token", "userinfo"],
    ],
    ["ws://user@h/", "ws://h/", "ws://h/", ["userinfo"]],
    [
      // Other parameters keep their encoding byte for byte.
      "ws://h/p?q=a%20b+c&api%5Fkey=1&sig=2&sig=3",
      "ws://h/p?q=a%20b+c",
      "ws://h/p?q=a%20b+c&api%5Fkey=redacted&sig=redacted&sig=redacted",
      ["api_key", "sig"],
    ],
    ["ws://h/p?key", "ws://h/p", "ws://h/p?key=redacted", ["key"]],
    ["ws://h/p?#frag", "ws://h/p?#frag", "ws://h/p?#frag", []],
    ["ws://h/p?jwt=1#x", "ws://h/p#x", "ws://h/p?jwt=redacted#x", ["jwt"]],
    ["not a url?password=1", "not a url", "not a url?password=redacted", ["password"]],
    ["ws://h/p?%E0=1", "ws://h/p?%E0=1", "ws://h/p?%E0=1", []],
  ])("%s", (url, removed, masked, names) => {
    expect(redactUrl(url, "remove")).toEqual({ url: removed, removed: names });
    expect(redactUrl(url, "mask")).toEqual({ url: masked, removed: names });
  });
});
