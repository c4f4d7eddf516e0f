import { describe, expect, it } from "vitest";
import { openDirect } from "../../../inspector/src/capture/direct-transport.ts";
import type { SocketLike, TransportEvents } from "../../../inspector/src/capture/transport.ts";

/** A stand-in for the browser WebSocket: records sends and closes, plays the socket's events. */
function fakeSocket(readyState = 0) {
  const sent: (string | ArrayBuffer)[] = [];
  const closes: [number | undefined, string | undefined][] = [];
  const socket: SocketLike = {
    binaryType: "blob",
    readyState,
    protocol: "json",
    extensions: "permessage-deflate",
    url: "ws://target/",
    onopen: null,
    onmessage: null,
    onerror: null,
    onclose: null,
    send: (data) => sent.push(data),
    close: (code, reason) => closes.push([code, reason]),
  };
  const setState = (state: number) => Object.assign(socket, { readyState: state });
  return { socket, sent, closes, setState };
}

/** Every event call, as [name, ...arguments]. */
function recorder() {
  const calls: unknown[][] = [];
  const record =
    (name: string) =>
    (...args: unknown[]) =>
      calls.push([name, ...args]);
  const events: TransportEvents = {
    open: record("open"),
    message: record("message"),
    sent: record("sent"),
    control: record("control"),
    error: record("error"),
    close: record("close"),
  };
  return { calls, events };
}

/** A direct transport over a fake socket; `now` counts up so each stamp is distinct. */
function open(protocols: string[] = []) {
  const fake = fakeSocket();
  const { calls, events } = recorder();
  let clock = 0;
  const transport = openDirect(
    fake.socket,
    protocols,
    events,
    () => ++clock,
    (offered) => {
      return `hint for ${offered.join(",")}`;
    },
  );
  return { ...fake, calls, transport };
}

const event = <T>(value: T) => value as never;

describe("direct transport", () => {
  it("receives binary as ArrayBuffer and reports the open with the socket's negotiation", () => {
    const { socket, calls, transport } = open();
    expect(socket.binaryType).toBe("arraybuffer");
    expect(transport.via).toBe("direct");
    socket.onopen?.(event({}));
    expect(calls).toEqual([
      ["open", 1, { url: "ws://target/", protocol: "json", extensions: "permessage-deflate" }],
    ]);
  });

  it.each([
    ["text", "héllo", [["message", 1, "héllo"]]],
    ["binary", new Uint8Array([1, 2]).buffer, [["message", 1, new Uint8Array([1, 2]).buffer]]],
    // A Blob only arrives if binaryType was changed behind the transport's back: not a frame.
    ["anything else", { size: 2 }, []],
  ])("passes on a %s message with its arrival time", (_, data, expected) => {
    const { socket, calls } = open();
    socket.onmessage?.(event({ data }));
    expect(calls).toEqual(expected);
  });

  it.each([
    ["text", "a"],
    ["binary", new ArrayBuffer(1)],
  ])("reads a %s message's data from the browser once", (_, data) => {
    const { socket, calls } = open();
    let reads = 0;
    socket.onmessage?.(
      event({
        get data() {
          reads++;
          return data;
        },
      }),
    );
    expect(reads).toBe(1);
    expect(calls).toEqual([["message", 1, data]]);
  });

  it("stamps a send before handing it to the socket", () => {
    const { sent, calls, transport } = open();
    transport.send("a");
    expect(sent).toEqual(["a"]);
    expect(calls).toEqual([["sent", 1]]);
  });

  it.each([
    [
      "before open, no subprotocols",
      [],
      false,
      ["error", 1, "Could not connect to ws://target/", undefined],
    ],
    [
      "before open, with subprotocols",
      ["json", "v2"],
      false,
      ["error", 1, "Could not connect to ws://target/", { diagnosis: "hint for json,v2" }],
    ],
    [
      "after open",
      ["json"],
      true,
      ["error", 2, "The connection failed (the browser gives no details; see the close code)"],
    ],
  ])("explains an error %s", (_, protocols, opened, expected) => {
    const { socket, calls } = open(protocols);
    if (opened) socket.onopen?.(event({}));
    socket.onerror?.(event({}));
    expect(calls.at(-1)).toEqual(expected);
  });

  it("reports the close as the browser gives it", () => {
    const { socket, calls } = open();
    socket.onclose?.(event({ code: 4000, reason: "bye", wasClean: true }));
    expect(calls).toEqual([["close", 1, 4000, "bye", true]]);
  });

  it("is open only while the socket is", () => {
    const { setState, transport } = open();
    const isOpenIn = (state: number) => {
      setState(state);
      return transport.isOpen;
    };
    expect([0, 1, 2, 3].map(isOpenIn)).toEqual([false, true, false, false]);
  });

  it("closes with the user's code and reason", () => {
    const { closes, transport } = open();
    transport.close(4001, "done");
    expect(closes).toEqual([[4001, "done"]]);
  });

  it.each([
    [0, [[1000, "reconnecting"]]],
    [1, [[1000, "reconnecting"]]],
    [2, []],
    [3, []],
  ])("abandons silently (readyState %d)", (state, expected) => {
    const { socket, setState, closes, calls, transport } = open();
    setState(state);
    transport.abandon();
    expect(closes).toEqual(expected);
    expect([socket.onopen, socket.onmessage, socket.onerror, socket.onclose]).toEqual([
      null,
      null,
      null,
      null,
    ]);
    expect(calls).toEqual([]);
  });
});
