import { describe, expect, it } from "vitest";
import { checkFieldPairing, makeRawSession } from "../../../echo-server/protocol/sessions/raw.ts";
import { type Step, transcript } from "./transcript.ts";

const golden = (lines: string) => lines.trim().replace(/^ {4}/gm, "");

describe("a raw session", () => {
  it("reads nothing and sends nothing without field pairing", () => {
    const session = makeRawSession();
    expect(transcript(session, [{ open: "" }, { in: '{"reqId":1}' }, { out: "hi" }])).toBe(
      golden(`
    open ""
    ← '{"reqId":1}' (not read)
    → 'hi' (not read)`),
    );
    expect(session.act({ kind: "graphql-ping" })).toEqual({
      ok: false,
      error: "A raw session sends what you type in the composer",
    });
  });

  it("pairs on the fields a user names, either side asking", () => {
    const steps: Step[] = [
      { out: '{"reqId":1,"op":"get"}' },
      { in: '{"replyTo":1,"data":2}' },
      { out: '{"reqId":"x","op":"put"}' },
      { in: '{"replyTo":"x","error":"denied"}' },
      { in: '{"replyTo":2,"error":null}' },
      { in: '{"reqId":7,"op":"push"}' },
      { out: '{"replyTo":7}' },
      { out: "plain text" },
      { out: '{"reqId":{"a":1}}' },
      { in: new Uint8Array([1]) },
    ];
    expect(
      transcript(
        makeRawSession({
          requestPath: "$.reqId",
          replyPath: "$.replyTo",
          namePath: "$.op",
          errorPath: "$.error",
        }),
        steps,
      ),
    ).toBe(
      golden(`
    → '{"reqId":1,"op":"get"}' request 1 get {request c:1 "get"}
    ← '{"replyTo":1,"data":2}' reply to 1 {reply c:1}
    → '{"reqId":"x","op":"put"}' request "x" put {request c:"x" "put"}
    ← '{"replyTo":"x","error":"denied"}' reply to "x": denied {reply c:"x" error "denied"}
    ← '{"replyTo":2,"error":null}' reply to 2 {reply c:2}
    ← '{"reqId":7,"op":"push"}' request 7 push {request s:7 "push"}
    → '{"replyTo":7}' reply to 7 {reply s:7}
    → 'plain text' (not read)
    → '{"reqId":{"a":1}}' request
          !! The request id at $.reqId is not a string or number of at most 200 characters: it is not paired
    ← <01> (not read)`),
    );
  });

  it("pairs on one field both ways: what goes out asks, what comes in answers", () => {
    const steps: Step[] = [{ out: '{"id":5,"type":"sub"}' }, { in: '{"id":5,"ok":true}' }];
    expect(
      transcript(
        makeRawSession({ requestPath: "$.id", replyPath: "$.id", namePath: "$.type" }),
        steps,
      ),
    ).toBe(
      golden(`
    → '{"id":5,"type":"sub"}' request 5 sub {request c:5 "sub"}
    ← '{"id":5,"ok":true}' reply to 5 {reply c:5}`),
    );
  });

  it.each([
    [{ requestPath: "$.a", replyPath: "$.b" }, {}],
    [
      { requestPath: "reqId", replyPath: "$.b" },
      { requestPath: 'A JSON path looks like $.reqId or $.meta["id"]' },
    ],
    [
      { requestPath: "$.a", replyPath: "$..b", namePath: "$[x]", errorPath: "$.e" },
      {
        replyPath: 'A JSON path looks like $.reqId or $.meta["id"]',
        namePath: 'A JSON path looks like $.reqId or $.meta["id"]',
      },
    ],
  ])("checks fields %j", (fields, problems) => {
    expect(checkFieldPairing(fields)).toEqual(problems);
  });

  it("pairs nothing when a path is not valid", () => {
    const session = makeRawSession({ requestPath: "id", replyPath: "$.id" });
    expect(session.sent('{"id":1}')).toBeUndefined();
    expect(session.state()).toEqual({ protocol: "raw" });
  });
});
