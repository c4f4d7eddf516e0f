import { describe, expect, it } from "vitest";
import { closeReason } from "../../../echo-server/protocol/close-codes.ts";
import {
  DataKind,
  encodeIncoming,
  type HandshakeReport,
  type RelayEvent,
} from "../../../echo-server/protocol/relay-wire.ts";
import { openViaRelay } from "../../../inspector/src/capture/relay-transport.ts";
import type { TransportEvents } from "../../../inspector/src/capture/transport.ts";

/** A stand-in for the browser WebSocket to the relay: records what is sent, plays what arrives. */
function fakeRelay() {
  const sent: (string | Uint8Array)[] = [];
  const closes: number[] = [];
  const socket = {
    binaryType: "blob",
    readyState: 1,
    onopen: null as (() => void) | null,
    onmessage: null as ((event: { data: unknown }) => void) | null,
    onerror: null as (() => void) | null,
    onclose: null as ((event: { code: number; reason: string }) => void) | null,
    send: (data: string | Uint8Array) => sent.push(data),
    close: (code: number) => closes.push(code),
  };
  return {
    socket,
    sent,
    closes,
    /** The commands sent so far, parsed. */
    commands: () => sent.filter((data) => typeof data === "string").map((data) => JSON.parse(data)),
    receive: (data: string | ArrayBuffer) => socket.onmessage?.({ data }),
    event: (event: RelayEvent) => socket.onmessage?.({ data: JSON.stringify(event) }),
    close: (code: number, reason: string) => socket.onclose?.({ code, reason }),
  };
}

/** Every listener call, as [name, ...arguments]. */
function recorder() {
  const calls: unknown[][] = [];
  const record =
    (name: string) =>
    (...args: unknown[]) =>
      calls.push([name, ...args]);
  const listener: TransportEvents = {
    open: record("open"),
    message: record("message"),
    sent: record("sent"),
    control: record("control"),
    error: record("error"),
    close: record("close"),
  };
  return { calls, listener };
}

function open() {
  const relay = fakeRelay();
  const { calls, listener } = recorder();
  const transport = openViaRelay(
    () => relay.socket as unknown as WebSocket,
    "ws://target/",
    [],
    { relayUrl: "ws://relay/relay", connect: { headers: [] } },
    listener,
    () => 99,
  );
  relay.socket.onopen?.();
  return { relay, calls, transport };
}

const handshake: HandshakeReport = {
  request: { method: "GET", url: "ws://target/", headers: [] },
  response: { status: 101, statusText: "Switching Protocols", headers: [] },
  startedAt: 1,
  durationMs: 2,
};

describe("relay transport: the relay's events, with the relay's times", () => {
  it.each<[string, RelayEvent, unknown[][]]>([
    [
      "open",
      { type: "open", time: 5, protocol: "json", extensions: "", handshake },
      [["open", 5, { url: "ws://target/", protocol: "json", extensions: "", handshake }]],
    ],
    [
      "rejected",
      { type: "rejected", time: 5, handshake, message: "401", diagnosis: "token?" },
      [
        ["error", 5, "401", { handshake, diagnosis: "token?" }],
        ["close", 5, 1006, "", false, "relay"],
      ],
    ],
    ["sent", { type: "sent", time: 5 }, [["sent", 5, undefined]]],
    [
      "ping",
      { type: "ping", time: 5, from: "server", data: "AQI=" },
      [["control", 5, "ping", "server", new Uint8Array([1, 2]).buffer, undefined]],
    ],
    [
      "pong with an rtt",
      { type: "pong", time: 5, from: "server", data: "", rtt: 0.5 },
      [["control", 5, "pong", "server", new ArrayBuffer(0), 0.5]],
    ],
    [
      "error",
      { type: "error", time: 5, message: "no", diagnosis: "why" },
      [["error", 5, "no", { diagnosis: "why" }]],
    ],
    [
      "close",
      { type: "close", time: 5, code: 4000, reason: "bye", side: "server" },
      [["close", 5, 4000, "bye", true, "server"]],
    ],
  ])("%s", (_, relayEvent, expected) => {
    const { relay, calls } = open();
    relay.event(relayEvent);
    expect(calls).toEqual(expected);
  });

  it.each([
    ["text", DataKind.Text, "héllo"],
    ["binary", DataKind.Binary, new Uint8Array([0, 255]).buffer],
  ])("passes on %s data frames", (_, kind, expected) => {
    const { relay, calls } = open();
    const bytes =
      typeof expected === "string" ? new TextEncoder().encode(expected) : new Uint8Array(expected);
    relay.receive(encodeIncoming(kind, 7.25, bytes).slice().buffer);
    expect(calls).toEqual([["message", 7.25, expected, undefined]]);
  });

  it("passes on the wire sizes the relay measured, of data frames and of sent ones", () => {
    const { relay, calls } = open();
    const wire = { payload: 12, overhead: 2, compressed: true };
    const bytes = new TextEncoder().encode("a".repeat(100));
    relay.receive(encodeIncoming(DataKind.Text, 3, bytes, wire).slice().buffer);
    relay.event({ type: "sent", time: 4, wire });
    expect(calls).toEqual([
      ["message", 3, "a".repeat(100), wire],
      ["sent", 4, wire],
    ]);
  });

  it("ignores a data frame too short to carry a header", () => {
    const { relay, calls } = open();
    relay.receive(new ArrayBuffer(3));
    expect(calls).toEqual([]);
  });

  it("reports the relay connection failing, once", () => {
    const { relay, calls } = open();
    relay.socket.onerror?.();
    relay.close(1006, "");
    relay.close(1006, "");
    expect(calls).toEqual([
      ["error", 99, "Could not reach the relay at ws://relay/relay"],
      ["close", 99, 1006, "The relay connection ended", false, "relay"],
    ]);
  });
});

describe("relay transport: commands", () => {
  it("connects with the settings, then sends data frames, pings and auto-pong", () => {
    const { relay, transport } = open();
    relay.event({ type: "open", time: 5, protocol: "", extensions: "", handshake });
    expect(transport.via).toBe("relay");
    expect(transport.isOpen).toBe(true);
    transport.send("hi");
    transport.send(new Uint8Array([9]).buffer);
    transport.ping?.(new Uint8Array([1, 2]));
    transport.setAutoPong?.(false);
    expect(relay.commands()).toEqual([
      { type: "connect", url: "ws://target/", protocols: [], headers: [] },
      { type: "ping", data: "AQI=" },
      { type: "auto-pong", enabled: false },
    ]);
    expect(relay.sent.filter((data) => typeof data !== "string")).toEqual([
      new Uint8Array([DataKind.Text, 104, 105]),
      new Uint8Array([DataKind.Binary, 9]),
    ]);
  });

  it.each<[string, boolean, [code?: number, reason?: string], object | undefined, number[]]>([
    [
      "asks the relay to close an open target",
      true,
      [4000, "bye"],
      { code: 4000, reason: "bye" },
      [],
    ],
    ["omits what the user left out", true, [], {}, []],
    [
      "closes the relay connection when the target is not open",
      false,
      [4000, "bye"],
      undefined,
      [1000],
    ],
  ])("%s", (_, targetOpen, args, command, closes) => {
    const { relay, transport } = open();
    if (targetOpen) relay.event({ type: "open", time: 5, protocol: "", extensions: "", handshake });
    transport.close(...args);
    const last = relay.commands().at(-1);
    if (command) expect(last).toEqual({ type: "close", ...command });
    else expect(last.type).toBe("connect");
    expect(relay.closes).toEqual(closes);
  });

  it("is open only while the target is and the relay connection lasts", () => {
    const { relay, transport } = open();
    expect(transport.isOpen).toBe(false);
    relay.event({ type: "open", time: 5, protocol: "", extensions: "", handshake });
    expect(transport.isOpen).toBe(true);
    relay.socket.readyState = 2;
    expect(transport.isOpen).toBe(false);
  });

  it("abandons silently: no more events, the relay connection closed", () => {
    const { relay, calls, transport } = open();
    transport.abandon();
    expect(relay.closes).toEqual([1000]);
    expect([relay.socket.onopen, relay.socket.onmessage, relay.socket.onclose]).toEqual([
      null,
      null,
      null,
    ]);
    expect(transport.isOpen).toBe(false);
    expect(calls).toEqual([]);
  });
});

describe("relay transport: refused commands reach the user", () => {
  const message =
    'The value of X-Note has "’" (U+2019) at position 3: header values may hold only Latin-1 text';

  it("reports a refused connect's message once, then the relay's close without repeating it", () => {
    const { relay, calls } = open();
    expect(relay.commands()[0]).toMatchObject({
      type: "connect",
      url: "ws://target/",
    });
    relay.event({ type: "error", time: 5, message, field: "headers[0][1]" });
    relay.close(1008, closeReason(message));
    expect(calls).toEqual([
      ["error", 5, message, undefined],
      ["close", 99, 1006, "", false, "relay"],
    ]);
  });

  it("keeps the relay's reason when it is not the refusal's", () => {
    const { relay, calls } = open();
    relay.event({ type: "error", time: 5, message: "The target is not connected" });
    relay.close(1011, "Internal error");
    expect(calls.at(-1)).toEqual(["close", 99, 1006, "Internal error", false, "relay"]);
  });

  it.each(["not json", "[1]", '{"type":"open"}', `${"[".repeat(100)}${"]".repeat(100)}`])(
    "says so when the relay sends something unreadable: %s",
    (data) => {
      const { relay, calls } = open();
      relay.receive(data);
      expect(calls).toEqual([["error", 99, "The relay sent a message SocketScope cannot read"]]);
    },
  );
});
