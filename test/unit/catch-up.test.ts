import { describe, expect, it } from "vitest";
import { CatchUp, MAX_HELD_FRAMES } from "../../echo-server/rooms/catch-up.ts";

/** A room message as the server sends it, numbered. */
const m = (n: number) => `{"type":"message","room":"r","data":${n}}`;
/** A presence frame: not kept in history. */
const p = (n: number) => `{"type":"presence","room":"r","n":${n}}`;

/**
 * What happens to a joiner, in order: a message published on this process (`here`) or another
 * (`there`), a presence frame, the read being queued, its mark arriving, the welcome with Redis's
 * history (or none: Redis did not answer).
 */
type Event =
  | ["here" | "there", number]
  | ["presence", number]
  | ["readQueued"]
  | ["marked"]
  | ["welcome", number[] | undefined];

/** Runs the events; returns what the member got after its welcome, one short name per frame. */
function run(events: Event[]): string {
  const catchUp = new CatchUp();
  const got: string[] = [];
  const name = (text: string) => {
    const data = JSON.parse(text);
    return data.type === "message" ? `m${data.data}` : `p${data.n}`;
  };
  for (const event of events) {
    if (event[0] === "readQueued") catchUp.readQueued();
    else if (event[0] === "marked") catchUp.marked();
    else if (event[0] === "welcome") {
      got.push("welcome");
      for (const data of catchUp.welcome(event[1]?.map(m))) got.push(name(data as string));
    } else {
      const text = event[0] === "presence" ? p(event[1]) : m(event[1]);
      const step = catchUp.step(text, event[0] === "here");
      if (step === "send") got.push(name(text));
      else if (step === "miss") got.push("missed");
    }
  }
  return got.join(" ");
}

describe("CatchUp: what a joiner across processes gets after its welcome", () => {
  const cases: [string, Event[], string][] = [
    [
      "messages from elsewhere before the mark are in the history or older: none is sent",
      [
        ["there", 1],
        ["readQueued"],
        ["there", 2],
        ["there", 3],
        ["marked"],
        ["there", 4],
        ["welcome", [2, 3]],
        ["there", 5],
      ],
      "welcome m4 m5",
    ],
    [
      "older than the whole history (trimmed from it) is not sent either",
      [
        ["readQueued"],
        ["there", 1],
        ["there", 2],
        ["there", 3],
        ["marked"],
        ["welcome", [3]],
        ["there", 4],
      ],
      "welcome m4",
    ],
    [
      "the events arrive after the read's reply: the mark still sorts them",
      [["readQueued"], ["marked"], ["there", 6], ["welcome", [1, 2, 3, 4, 5]], ["there", 7]],
      "welcome m6 m7",
    ],
    [
      "written to history before the read, published after the mark: skipped once, as a duplicate",
      [["readQueued"], ["marked"], ["there", 3], ["there", 4], ["welcome", [2, 3]], ["there", 5]],
      "welcome m4 m5",
    ],
    [
      "a duplicate after the welcome is skipped; after the first newer message, nothing is filtered",
      [["readQueued"], ["marked"], ["welcome", [1, 2]], ["there", 2], ["there", 3], ["there", 1]],
      "welcome m3 m1",
    ],
    [
      "messages published here before the read was queued are in it; after, they are not",
      [["here", 1], ["readQueued"], ["here", 2], ["marked"], ["welcome", [1]]],
      "welcome m2",
    ],
    [
      "presence frames are not kept in history: they all go, in order",
      [
        ["presence", 1],
        ["readQueued"],
        ["there", 1],
        ["presence", 2],
        ["marked"],
        ["there", 2],
        ["welcome", [1]],
      ],
      "welcome p1 p2 m2",
    ],
    [
      "Redis did not answer: this process's own history holds every message it had, so none is sent",
      [
        ["readQueued"],
        ["here", 1],
        ["marked"],
        ["there", 2],
        ["presence", 3],
        ["welcome", undefined],
        ["there", 4],
      ],
      "welcome p3 m4",
    ],
  ];
  it.each(cases)("%s", (_, events, expected) => {
    expect(run(events)).toBe(expected);
  });

  it(`holds ${MAX_HELD_FRAMES} frames at most; past them it counts what it missed`, () => {
    const catchUp = new CatchUp();
    catchUp.readQueued();
    catchUp.marked();
    const steps = Array.from({ length: MAX_HELD_FRAMES + 3 }, (_, i) => catchUp.step(m(i), false));
    expect(steps.filter((step) => step === "hold")).toHaveLength(MAX_HELD_FRAMES);
    expect(steps.slice(-3)).toEqual(["miss", "miss", "miss"]);
    expect(catchUp.missed).toBe(3);
    expect(catchUp.welcome([])).toHaveLength(MAX_HELD_FRAMES);
  });

  it("is no longer needed once its welcome is out and no history text can come again", () => {
    const catchUp = new CatchUp();
    expect(catchUp.pending).toBe(true);
    catchUp.welcome([m(1)]);
    expect(catchUp.pending).toBe(true);
    expect(catchUp.step(m(2), false)).toBe("send");
    expect(catchUp.pending).toBe(false);
  });
});
