import { describe, expect, it } from "vitest";
import type { HandshakeReport } from "../../echo-server/protocol/relay-wire.ts";
import { redirectHops } from "../../inspector/src/model/connect/handshake.ts";

const request = (url: string) => ({ method: "GET", url, headers: [] });
const report = (redirects?: HandshakeReport["redirects"]): HandshakeReport => ({
  request: request("ws://final/ws"),
  ...(redirects ? { redirects } : {}),
  startedAt: 0,
  durationMs: 1,
});

describe("redirectHops", () => {
  it.each<[string, HandshakeReport, ReturnType<typeof redirectHops>]>([
    ["no redirects", report(), []],
    ["an empty list", report([]), []],
    [
      "two hops, in order, Location found whatever its case",
      report([
        {
          request: request("ws://a/ws"),
          response: {
            status: 301,
            statusText: "Moved Permanently",
            headers: [["Location", "ws://b/ws"]],
          },
        },
        {
          request: request("ws://b/ws"),
          response: { status: 307, statusText: "", headers: [["location", "ws://final/ws"]] },
        },
      ]),
      [
        { request: "GET ws://a/ws", status: "301 Moved Permanently", location: "ws://b/ws" },
        { request: "GET ws://b/ws", status: "307", location: "ws://final/ws" },
      ],
    ],
    [
      "a hop without Location",
      report([
        {
          request: request("ws://a/"),
          response: { status: 302, statusText: "Found", headers: [] },
        },
      ]),
      [{ request: "GET ws://a/", status: "302 Found", location: "" }],
    ],
  ])("%s", (_, input, hops) => {
    expect(redirectHops(input)).toEqual(hops);
  });
});
