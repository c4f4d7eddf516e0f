import { describe, expect, it } from "vitest";
import { closeReason } from "../../echo-server/protocol/close-codes.ts";
import type { RelayEvent } from "../../echo-server/protocol/relay-wire.ts";
import { openRelaySocket } from "../../inspector/src/capture/relay-socket.ts";
import type { TransportEvents } from "../../inspector/src/capture/transport.ts";

/** A stand-in for the browser WebSocket to the relay: records what is sent, plays what arrives. */
function fakeRelay() {
  const sent: string[] = [];
  const socket = {
    binaryType: "blob",
    readyState: 1,
    onopen: null as (() => void) | null,
    onmessage: null as ((event: { data: unknown }) => void) | null,
    onerror: null as (() => void) | null,
    onclose: null as ((event: { code: number; reason: string }) => void) | null,
    send: (data: string) => sent.push(data),
    close: () => {},
  };
  return {
    socket,
    sent,
    receive: (data: string) => socket.onmessage?.({ data }),
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
  openRelaySocket(
    () => relay.socket as unknown as WebSocket,
    "ws://target/",
    [],
    { relayUrl: "ws://relay/relay", connect: { headers: [] } },
    listener,
    () => 99,
  );
  relay.socket.onopen?.();
  return { relay, calls };
}

describe("relay socket: refused commands reach the user", () => {
  const message =
    'The value of X-Note has "’" (U+2019) at position 3: header values may hold only Latin-1 text';

  it("reports a refused connect's message once, then the relay's close without repeating it", () => {
    const { relay, calls } = open();
    expect(JSON.parse(relay.sent[0] ?? "{}")).toMatchObject({
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
