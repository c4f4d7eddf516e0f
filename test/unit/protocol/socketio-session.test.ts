import { describe, expect, it } from "vitest";
import { makeSocketIoSession } from "../../../echo-server/protocol/sessions/socketio.ts";
import { type Step, transcript } from "./transcript.ts";

const OPEN =
  '0{"sid":"lv_VI97","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}';

const golden = (lines: string) => lines.trim().replace(/^ {4}/gm, "");

describe("a Socket.IO v4 session", () => {
  it("answers the open packet with a namespace connect and every ping with a pong", () => {
    const steps: Step[] = [
      { open: "" },
      { in: OPEN },
      { in: '40{"sid":"s0"}' },
      { in: "2" },
      { in: "2" },
      { in: "6" },
      { in: "1" },
    ];
    const session = makeSocketIoSession();
    expect(transcript(session, steps)).toBe(
      golden(`
    open ""
    ← '0{"sid":"lv_VI97","upgrades":[],"pingInterval":25000,"pingTi…' OPEN sid=lv_VI97 ping every 25 s, timeout 20 s ⇒ '40'
      → '40' CONNECT /
    ← '40{"sid":"s0"}' CONNECT / {"sid":"s0"}
    ← '2' PING ♥ ⇒ '3'
      → '3' PONG ♥
    ← '2' PING ♥ ⇒ '3'
      → '3' PONG ♥
    ← '6' NOOP
    ← '1' CLOSE`),
    );
    expect(session.state()).toEqual({
      protocol: "socketio",
      engine: { sid: "lv_VI97", pingInterval: 25000, pingTimeout: 20000 },
      namespaces: [{ name: "/", state: "connected", sid: "s0" }],
      pongs: 2,
    });
  });

  it("connects a namespace with its auth payload, and again after a refusal", () => {
    const steps: Step[] = [
      { open: "" },
      { in: OPEN },
      { act: { kind: "emit", namespace: "/secure", event: "echo", args: [], ack: false } },
      { in: '44/secure,{"message":"Invalid token"}' },
      { act: { kind: "emit", namespace: "/secure", event: "echo", args: [], ack: false } },
      { act: { kind: "socketio-connect", namespace: "/secure", auth: { token: "letmein" } } },
      { in: '40/secure,{"sid":"s1"}' },
      { act: { kind: "emit", namespace: "/secure", event: "echo", args: [1], ack: false } },
      { act: { kind: "socketio-disconnect", namespace: "/secure" } },
      { act: { kind: "emit", namespace: "/secure", event: "echo", args: [], ack: false } },
    ];
    expect(
      transcript(makeSocketIoSession({ namespace: "/secure", auth: { token: "nope" } }), steps),
    ).toBe(
      golden(`
    open ""
    ← '0{"sid":"lv_VI97","upgrades":[],"pingInterval":25000,"pingTi…' OPEN sid=lv_VI97 ping every 25 s, timeout 20 s ⇒ '40/secure,{"token":"nope"}'
      → '40/secure,{"token":"nope"}' CONNECT /secure {"token":"nope"}
    act emit ✗ Namespace /secure is still connecting
    ← '44/secure,{"message":"Invalid token"}' CONNECT_ERROR /secure {"message":"Invalid token"}
    act emit ✗ Namespace /secure refused the connection: connect it again first
    act socketio-connect
      → '40/secure,{"token":"letmein"}' CONNECT /secure {"token":"letmein"}
    ← '40/secure,{"sid":"s1"}' CONNECT /secure {"sid":"s1"}
    act emit
      → '42/secure,["echo",1]' EVENT /secure "echo" [1]
    act socketio-disconnect
      → '41/secure,' DISCONNECT /secure
    act emit ✗ Namespace /secure is not connected: connect it first`),
    );
  });

  it("emits with and without an ack, pairs acks both ways, and counts past typed ack ids", () => {
    const steps: Step[] = [
      { open: "" },
      { in: OPEN },
      { in: '40{"sid":"s0"}' },
      { act: { kind: "emit", event: "echo", args: ["hi", 2], ack: true } },
      { act: { kind: "emit", event: "echo", args: ["no ack"], ack: false } },
      { in: '430["hi",2]' },
      { out: '427["typed"]' },
      { act: { kind: "emit", event: "next", args: [], ack: true } },
      { in: '425["server asks"]' },
      { out: '435["ok"]' },
    ];
    expect(transcript(makeSocketIoSession(), steps)).toBe(
      golden(`
    open ""
    ← '0{"sid":"lv_VI97","upgrades":[],"pingInterval":25000,"pingTi…' OPEN sid=lv_VI97 ping every 25 s, timeout 20 s ⇒ '40'
      → '40' CONNECT /
    ← '40{"sid":"s0"}' CONNECT / {"sid":"s0"}
    act emit id 0
      → '420["echo","hi",2]' EVENT "echo" ack 0 ["hi",2] {request c:/:0 "echo"}
    act emit
      → '42["echo","no ack"]' EVENT "echo" ["no ack"]
    ← '430["hi",2]' ACK 0 ["hi",2] {reply c:/:0}
    → '427["typed"]' EVENT "typed" ack 7 [] {request c:/:7 "typed"}
    act emit id 8
      → '428["next"]' EVENT "next" ack 8 [] {request c:/:8 "next"}
    ← '425["server asks"]' EVENT "server asks" ack 5 [] {request s:/:5 "server asks"}
    → '435["ok"]' ACK 5 ["ok"] {reply s:/:5}`),
    );
  });

  it("sends and reads binary attachments", () => {
    const steps: Step[] = [
      { open: "" },
      { in: OPEN },
      { in: '40{"sid":"s0"}' },
      { act: { kind: "emit", event: "up", args: ["file", { $bytes: "de ad" }], ack: true } },
      { in: '461-0[{"_placeholder":true,"num":0}]' },
      { in: new Uint8Array([0xde, 0xad]) },
      { in: '452-["two",{"_placeholder":true,"num":1},{"_placeholder":true,"num":0}]' },
      { in: new Uint8Array([1]) },
      { in: new Uint8Array([2]) },
    ];
    expect(transcript(makeSocketIoSession(), steps)).toBe(
      golden(`
    open ""
    ← '0{"sid":"lv_VI97","upgrades":[],"pingInterval":25000,"pingTi…' OPEN sid=lv_VI97 ping every 25 s, timeout 20 s ⇒ '40'
      → '40' CONNECT /
    ← '40{"sid":"s0"}' CONNECT / {"sid":"s0"}
    act emit id 0
      → '451-0["up","file",{"_placeholder":true,"num":0}]' BINARY_EVENT "up", 1 attachment to follow
      → <de ad> BINARY_EVENT "up" ack 0 ["file",{"$bytes":"dead"}] (attachment 1 of 1) {request c:/:0 "up"}
    ← '461-0[{"_placeholder":true,"num":0}]' BINARY_ACK, 1 attachment to follow
    ← <de ad> BINARY_ACK 0 [{"$bytes":"dead"}] (attachment 1 of 1) {reply c:/:0}
    ← '452-["two",{"_placeholder":true,"num":1},{"_placeholder":tru…' BINARY_EVENT "two", 2 attachments to follow
    ← <01> BINARY_EVENT "two" (attachment 1 of 2)
    ← <02> BINARY_EVENT "two" [{"$bytes":"02"},{"$bytes":"01"}] (attachment 2 of 2)`),
    );
  });

  it.each([
    [
      "a reserved event",
      { event: "connect" },
      "connect is reserved by Socket.IO and cannot be emitted",
    ],
    ["no event", { event: "" }, "Name the event"],
    ["a namespace without a slash", { namespace: "chat" }, "A namespace starts with /, like /chat"],
    ["a namespace with a comma", { namespace: "/a,b" }, "A namespace has no commas or spaces"],
  ])("refuses to emit %s", (_name, patch, error) => {
    const session = makeSocketIoSession();
    expect(session.act({ kind: "emit", event: "echo", args: [], ack: false, ...patch })).toEqual({
      ok: false,
      error,
    });
  });

  it("takes no GraphQL or JSON-RPC actions", () => {
    expect(makeSocketIoSession().act({ kind: "graphql-ping" })).toEqual({
      ok: false,
      error: "Socket.IO sessions connect namespaces and emit events",
    });
  });
});

describe("a Socket.IO session facing a hostile server", () => {
  /** Each frame alone, after a handshake: its summary and problem. */
  it.each([
    [
      "an unknown Engine.IO type",
      "9",
      'not Socket.IO !! "9" is no Engine.IO packet type (they are 0–6)',
    ],
    ["an empty frame", "", "not Socket.IO !! An empty text frame is no Engine.IO packet"],
    ["a ping with data", "2x", 'not Socket.IO !! A ping carries nothing or "probe", not "x"'],
    ["a close with data", "1x", "not Socket.IO !! A close packet carries no data"],
    [
      "an open without a sid",
      '0{"upgrades":[]}',
      "not Socket.IO !! An Engine.IO open packet carries a JSON object with a sid",
    ],
    [
      "a message with no packet",
      "4",
      "not Socket.IO !! An Engine.IO message with no Socket.IO packet in it",
    ],
    [
      "an unknown Socket.IO type",
      "49",
      'not Socket.IO !! "49" starts no Socket.IO packet: its type digit is 0–6',
    ],
    [
      "an EVENT without data",
      "42",
      "not Socket.IO !! EVENT needs a JSON array whose first item is the event name",
    ],
    [
      "an EVENT that is an object",
      '42{"a":1}',
      'not Socket.IO !! EVENT needs a JSON array whose first item is the event name: "42{\\"a\\":1}" is not read',
    ],
    [
      "a reserved event",
      '42["connect"]',
      'not Socket.IO !! EVENT needs a JSON array whose first item is the event name: "42[\\"connect\\"]" is not read',
    ],
    [
      "broken JSON",
      '42["a"',
      'not Socket.IO !! EVENT needs a JSON array whose first item is the event name: "42[\\"a\\"" is not read',
    ],
    ["an ACK without an id", '43["x"]', "not Socket.IO !! ACK needs the ack id it answers"],
    [
      "too many attachments",
      '4599-["x"]',
      'not Socket.IO !! BINARY_EVENT announces more attachments than the 10 allowed: "4599-[\\"x\\"]" is not read',
    ],
    [
      "a bad attachment count",
      '45a-["x"]',
      'not Socket.IO !! BINARY_EVENT has no valid attachment count: "45a-[\\"x\\"]" is not read',
    ],
    [
      "10,000-deep JSON",
      `42${"[".repeat(10_000)}${"]".repeat(10_000)}`,
      "not Socket.IO !! The packet's JSON nests deeper than 64 levels: it is not read",
    ],
    [
      "an ack id beyond 2^53",
      '43123456789012345678901["x"]',
      'ACK 123456789012345680000 ["x"] !! Ack id 123456789012345678901 is beyond 2^53: it is shown but not paired',
    ],
    [
      "a binary frame nobody announced",
      new Uint8Array([1, 2]),
      "not Socket.IO !! A binary frame came, but no BINARY_EVENT or BINARY_ACK announced an attachment: it is not read",
    ],
  ])("%s", (_name, frame, expected) => {
    const session = makeSocketIoSession();
    session.open("");
    session.receive(OPEN);
    const { reading, send } = session.receive(frame);
    expect(`${reading?.summary}${reading?.problem ? ` !! ${reading.problem}` : ""}`).toBe(expected);
    expect(reading?.items).toBeUndefined();
    expect(send).toEqual([]);
  });

  it("drops a binary packet whose placeholder points nowhere, and reads the next packet", () => {
    const steps: Step[] = [
      { in: '451-["up",{"_placeholder":true,"num":3}]' },
      { in: new Uint8Array([1]) },
      { in: '42["after"]' },
    ];
    expect(transcript(makeSocketIoSession(), steps)).toBe(
      golden(`
    ← '451-["up",{"_placeholder":true,"num":3}]' BINARY_EVENT "up", 1 attachment to follow
    ← <01> not Socket.IO
          !! BINARY_EVENT "up" has a placeholder that points to no attachment (1 came): it is dropped
    ← '42["after"]' EVENT "after" []`),
    );
  });

  it("drops a binary packet cut short by a text packet, and reads that text packet", () => {
    const steps: Step[] = [
      { in: '452-3["up",{"_placeholder":true,"num":0}]' },
      { in: new Uint8Array([9]) },
      { in: '421["after"]' },
      { in: new Uint8Array([9]) },
    ];
    expect(transcript(makeSocketIoSession(), steps)).toBe(
      golden(`
    ← '452-3["up",{"_placeholder":true,"num":0}]' BINARY_EVENT "up", 2 attachments to follow
    ← <09> BINARY_EVENT "up" (attachment 1 of 2)
    ← '421["after"]' EVENT "after" ack 1 [] {request s:/:1 "after"}
          !! BINARY_EVENT "up" announced 2 attachments but 1 came before the next text packet: it is dropped
    ← <09> not Socket.IO
          !! A binary frame came, but no BINARY_EVENT or BINARY_ACK announced an attachment: it is not read`),
    );
  });

  it("keeps at most 64 namespaces", () => {
    const session = makeSocketIoSession();
    for (let i = 0; i < 100; i++) session.receive(`40/n${i},{"sid":"x"}`);
    const state = session.state();
    expect(state.protocol === "socketio" && state.namespaces.length).toBe(64);
  });
});
