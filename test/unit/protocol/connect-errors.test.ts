import { describe, expect, it } from "vitest";
import {
  describeRefusal,
  explainConnectError,
} from "../../../echo-server/protocol/connect-errors.ts";

describe("explainConnectError", () => {
  it.each([
    [
      "ECONNREFUSED",
      "ws://127.0.0.1:7829/",
      "Nothing is listening on 127.0.0.1:7829: the connection was refused",
    ],
    [
      "ENOTFOUND",
      "wss://api.exampel.com/ws",
      "The host name api.exampel.com could not be found (DNS): check the spelling",
    ],
    [
      "ETIMEDOUT",
      "ws://10.0.0.9/",
      "10.0.0.9:80 did not answer in time: a firewall may be dropping the connection",
    ],
    [
      "EPROTO",
      "wss://localhost:3000/ws",
      "localhost:3000 did not speak TLS: if it serves plain WebSockets, use ws:// instead of wss://",
    ],
    [
      "DEPTH_ZERO_SELF_SIGNED_CERT",
      "wss://dev.local/",
      "dev.local:443 presented a self-signed certificate, which is not trusted",
    ],
    ["CERT_HAS_EXPIRED", "wss://old.example/", "The certificate of old.example:443 has expired"],
    [
      "ERR_TLS_CERT_ALTNAME_INVALID",
      "wss://[::1]:8443/",
      "The certificate of [::1]:8443 is for another host name",
    ],
  ])("%s", (code, url, sentence) => {
    expect(explainConnectError({ code, message: `connect ${code} raw` }, url)).toBe(sentence);
  });

  it("keeps the message when the code is unknown or missing", () => {
    expect(explainConnectError({ code: "EWHAT", message: "odd" }, "ws://h/")).toBe("odd");
    expect(explainConnectError({ message: "Invalid Sec-WebSocket-Accept header" }, "ws://h/")).toBe(
      "Invalid Sec-WebSocket-Accept header",
    );
  });
});

describe("describeRefusal", () => {
  it.each([
    [401, "Unauthorized", "Invalid token", "The server answered 401 Unauthorized: Invalid token"],
    [403, "Forbidden", "", "The server answered 403 Forbidden"],
    [404, "Not Found", "<html><body>nope</body></html>", "The server answered 404 Not Found"],
    [400, "Bad Request", "line one\nline two", "The server answered 400 Bad Request: line one"],
    [500, "", "x".repeat(300), "The server answered 500"],
  ])("%i %s", (status, text, body, sentence) => {
    expect(describeRefusal(status, text, body)).toBe(sentence);
  });
});
