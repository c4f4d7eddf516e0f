import { describe, expect, it } from "vitest";
import {
  abnormalCloseDiagnosis,
  describeCouldNotConnect,
  explainDirectFailure,
  type ProbeAnswer,
  relayCanProbe,
} from "../../inspector/src/model/connect/connect-failure.ts";

describe("explainDirectFailure", () => {
  const target = { url: "ws://127.0.0.1:7829/ws", pageOrigin: "http://127.0.0.1:7777" };

  it.each<[string, ProbeAnswer, ReturnType<typeof explainDirectFailure>]>([
    ["no answer from the relay: the browser's words stand", { kind: "unavailable" }, undefined],
    [
      "an HTTP status the browser hid",
      {
        kind: "rejected",
        status: 401,
        message: "The server answered 401 Unauthorized: Invalid token",
      },
      {
        message:
          "The server answered 401 Unauthorized: Invalid token. Browsers hide this status; SocketScope asked the server directly",
      },
    ],
    [
      "a body line that ends with a full stop is not stopped twice",
      { kind: "rejected", status: 403, message: "The server answered 403 Forbidden: Go away." },
      {
        message:
          "The server answered 403 Forbidden: Go away. Browsers hide this status; SocketScope asked the server directly",
      },
    ],
    [
      "nothing listening, as the relay says it",
      {
        kind: "rejected",
        message: "Nothing is listening on 127.0.0.1:7829: the connection was refused",
      },
      { message: "Nothing is listening on 127.0.0.1:7829: the connection was refused" },
    ],
    [
      "a 101 without the offered subprotocol keeps the relay's diagnosis",
      {
        kind: "rejected",
        status: 101,
        message: "Server sent no subprotocol",
        diagnosis: "selected none of the offered subprotocols (picky)",
      },
      {
        message:
          "The server accepted the upgrade, then the handshake failed: Server sent no subprotocol",
        diagnosis: "selected none of the offered subprotocols (picky)",
      },
    ],
    [
      "accepted via the relay (ws): the browser refused it",
      { kind: "accepted", protocol: "" },
      {
        message:
          "The browser could not connect, yet the server accepted the same request via SocketScope's relay",
        diagnosis:
          "So the browser itself refused the connection. Likely causes: the browser blocks this port (browsers refuse some, such as 6000 or 6667); a browser extension, proxy or policy blocked the connection.",
      },
    ],
  ])("%s", (_name, answer, expected) => {
    expect(explainDirectFailure(answer, target)).toEqual(expected);
  });

  it("names certificate trust first for wss://, and mixed content for ws:// from an https page", () => {
    const accepted: ProbeAnswer = { kind: "accepted", protocol: "" };
    expect(explainDirectFailure(accepted, { url: "wss://api.example.com/ws" })?.diagnosis).toBe(
      "So the browser itself refused the connection. Likely causes: the browser does not trust the server's TLS certificate (open https://api.example.com/ in a tab to see why); the browser blocks this port (browsers refuse some, such as 6000 or 6667); a browser extension, proxy or policy blocked the connection.",
    );
    expect(
      explainDirectFailure(accepted, {
        url: "ws://api.example.com/ws",
        pageOrigin: "https://inspector.example.com",
      })?.diagnosis,
    ).toContain(
      "Likely causes: this page is served over https, and browsers block ws:// from it (use wss://);",
    );
  });
});

describe("relayCanProbe", () => {
  it.each([
    ["ws://127.0.0.1:3000/ws", "http://127.0.0.1:7777", true],
    ["ws://localhost:3000/ws", "http://localhost:7777", true],
    ["wss://api.example.com/ws", "http://127.0.0.1:7777", true],
    ["ws://[::1]:3000/", "http://[::1]:7777", true],
    // The page (and so the relay) is on another machine: its localhost is not the browser's.
    ["ws://localhost:3000/ws", "http://192.168.1.5:7777", false],
    ["ws://127.0.0.1:3000/ws", "http://devbox:7777", false],
    ["ws://app.localhost:3000/ws", "http://devbox:7777", false],
    ["ws://h/", "null", false],
    ["ws://h/", "file:///index.html", false],
    ["not a url", "http://127.0.0.1:7777", false],
  ])("%s from %s: %s", (url, origin, expected) => {
    expect(relayCanProbe(url, origin)).toBe(expected);
  });
});

describe("status and close words", () => {
  it.each([
    ["", "Could not connect"],
    ["The server answered 404 Not Found", "Could not connect: The server answered 404 Not Found"],
    ["Could not connect to ws://h/", "Could not connect to ws://h/"],
    [
      "Could not reach the relay at ws://h/relay",
      "Could not connect: Could not reach the relay at ws://h/relay",
    ],
  ])("%j", (detail, expected) => {
    expect(describeCouldNotConnect(detail)).toBe(expected);
  });

  it("lists the likely causes of a 1006 after open", () => {
    expect(abnormalCloseDiagnosis()).toBe(
      "The connection dropped without a close frame (1006). Likely causes: a proxy or load-balancer idle timeout, a server crash or restart, a network drop, or a message over the server's size limit.",
    );
  });
});
