import { describe, expect, it } from "vitest";
import { makeJsonRpcSession } from "../../../echo-server/protocol/sessions/jsonrpc.ts";
import { type Step, transcript } from "./transcript.ts";

const golden = (lines: string) => lines.trim().replace(/^ {4}/gm, "");

describe("a JSON-RPC 2.0 session", () => {
  it("calls with ids filled in, notifies, batches, and pairs responses either way", () => {
    const steps: Step[] = [
      { act: { kind: "call", calls: [{ method: "add", params: [1, 2] }] } },
      { act: { kind: "call", calls: [{ method: "log", params: ["x"], notification: true }] } },
      {
        act: {
          kind: "call",
          calls: [
            { method: "echo", params: { a: 1 } },
            { method: "sleep", params: { ms: 5 } },
            { method: "n", notification: true },
          ],
        },
      },
      { in: '{"jsonrpc":"2.0","id":1,"result":3}' },
      {
        in: '[{"jsonrpc":"2.0","id":2,"result":{"a":1}},{"jsonrpc":"2.0","id":3,"error":{"code":-32601,"message":"Method not found"}}]',
      },
      { in: '{"jsonrpc":"2.0","id":"srv-1","method":"ping"}' },
      { out: '{"jsonrpc":"2.0","id":"srv-1","result":"pong"}' },
      { in: '{"jsonrpc":"2.0","method":"progress","params":[50]}' },
      { out: '{"jsonrpc":"2.0","id":41,"method":"typed"}' },
      { act: { kind: "call", calls: [{ method: "after" }] } },
      { out: '{"jsonrpc":"2.0","id":"1","method":"string id"}' },
    ];
    const session = makeJsonRpcSession();
    expect(transcript(session, steps)).toBe(
      golden(`
    act call id 1
      → '{"jsonrpc":"2.0","method":"add","params":[1,2],"id":1}' call add id 1 {request c:1 "add"}
    act call
      → '{"jsonrpc":"2.0","method":"log","params":["x"]}' notify log
    act call id 2, 3
      → '[{"jsonrpc":"2.0","method":"echo","params":{"a":1},"id":2},{…' batch of 3: call echo id 2, call sleep id 3, notify n {request c:2 "echo"} {request c:3 "sleep"}
    ← '{"jsonrpc":"2.0","id":1,"result":3}' result id 1 {reply c:1}
    ← '[{"jsonrpc":"2.0","id":2,"result":{"a":1}},{"jsonrpc":"2.0",…' batch of 2: result id 2, error id 3: -32601 Method not found {reply c:2} {reply c:3 error "-32601 Method not found"}
    ← '{"jsonrpc":"2.0","id":"srv-1","method":"ping"}' call ping id "srv-1" {request s:"srv-1" "ping"}
    → '{"jsonrpc":"2.0","id":"srv-1","result":"pong"}' result id "srv-1" {reply s:"srv-1"}
    ← '{"jsonrpc":"2.0","method":"progress","params":[50]}' notify progress
    → '{"jsonrpc":"2.0","id":41,"method":"typed"}' call typed id 41 {request c:41 "typed"}
    act call id 42
      → '{"jsonrpc":"2.0","method":"after","id":42}' call after id 42 {request c:42 "after"}
    → '{"jsonrpc":"2.0","id":"1","method":"string id"}' call string id id "1" {request c:"1" "string id"}`),
    );
    expect(session.state()).toEqual({ protocol: "jsonrpc", nextId: 43 });
  });

  it.each([
    ["no method", [{ method: "" }], "Name the method"],
    [
      "params that are a number",
      [{ method: "x", params: 3 }],
      "Params are an array or an object (or left out)",
    ],
    ["an empty batch", [], "Nothing to call"],
    [
      "a batch of 101",
      Array.from({ length: 101 }, () => ({ method: "x" })),
      "A batch holds at most 100 calls",
    ],
  ])("refuses a call with %s", (_name, calls, error) => {
    expect(makeJsonRpcSession().act({ kind: "call", calls })).toEqual({ ok: false, error });
  });

  it.each([
    [
      "no jsonrpc field",
      '{"id":1}',
      'not JSON-RPC 2.0 !! A JSON-RPC 2.0 message has "jsonrpc": "2.0"',
    ],
    ["an empty batch", "[]", "empty batch !! A batch holds at least one message"],
    [
      "both result and error",
      '{"jsonrpc":"2.0","id":1,"result":1,"error":{}}',
      'not a request or response !! A JSON-RPC message has a "method" (a request) or one of "result" and "error" (a response)',
    ],
    [
      "a response to an unreadable request",
      '{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}',
      "error id null: -32700 Parse error !! A response with id null answers a request the other side could not read",
    ],
    [
      "a request whose id is an object",
      '{"jsonrpc":"2.0","id":{},"method":"m"}',
      "call m !! A request's id is a string or a number",
    ],
    ["a scalar", "7", "not a message !! A JSON-RPC message is an object"],
    [
      "broken JSON",
      "{",
      "not JSON-RPC !! Invalid JSON: Expected property name or '}' in JSON at position 1",
    ],
    [
      "10,000-deep JSON",
      `${"[".repeat(10_000)}${"]".repeat(10_000)}`,
      "not JSON-RPC !! JSON nests deeper than 64 levels",
    ],
    [
      "a binary frame",
      new Uint8Array([123]),
      "binary frame !! JSON-RPC travels in text frames: a binary frame is not read",
    ],
    [
      "a batch with bad members",
      '[1,{"jsonrpc":"2.0","id":5,"result":0},{"jsonrpc":"1.0"}]',
      'batch of 3: not a message, result id 5, not JSON-RPC 2.0 !! [0] A JSON-RPC message is an object; [2] A JSON-RPC 2.0 message has "jsonrpc": "2.0"',
    ],
  ])("reads %s as a problem", (_name, frame, expected) => {
    const { reading } = makeJsonRpcSession().receive(frame);
    expect(`${reading?.summary} !! ${reading?.problem}`).toBe(expected);
  });

  it("pairs the first 1,000 messages of a huge batch and says so", () => {
    const batch = Array.from({ length: 5000 }, (_, i) => ({ jsonrpc: "2.0", id: i, result: i }));
    const { reading } = makeJsonRpcSession().receive(JSON.stringify(batch));
    expect(reading?.items).toHaveLength(1000);
    expect(reading?.problem).toBe("only the first 1000 of 5000 messages are paired");
  });
});
