import { describe, expect, it } from "vitest";
import {
  checkRoomLabForm,
  labClientUrl,
  labServerName,
  type RoomLabForm,
} from "../../inspector/src/model/connect/room-lab-form.ts";

const ROOM = "ws://127.0.0.1:7777/rooms/lab";
const OTHER = "ws://127.0.0.1:7778/rooms/lab";
const CLIENTS = { field: "clients", message: "Clients must be from 1 to 50" };
const form = (fields: Partial<RoomLabForm>): RoomLabForm => ({
  url: ROOM,
  secondUrl: "",
  clients: "5",
  ...fields,
});

describe("checkRoomLabForm", () => {
  it.each<[string, RoomLabForm, object[]]>([
    ["0 clients", form({ clients: "0" }), [CLIENTS]],
    ["51 clients", form({ clients: "51" }), [CLIENTS]],
    ["2.5 clients", form({ clients: "2.5" }), [CLIENTS]],
    ["an empty client count", form({ clients: "" }), [CLIENTS]],
    [
      "an empty URL",
      form({ url: " " }),
      [{ field: "url", message: "Enter a WebSocket URL, e.g. ws://127.0.0.1:7777/echo" }],
    ],
    [
      "an http URL and too many clients",
      form({ url: "http://127.0.0.1:7777/rooms/lab", clients: "99" }),
      [
        {
          field: "url",
          message:
            "http:// is for web pages; WebSocket URLs start with ws://. Try ws://127.0.0.1:7777/rooms/lab",
        },
        CLIENTS,
      ],
    ],
    [
      "a second server that is not a WebSocket URL",
      form({ secondUrl: "http://127.0.0.1:7778/rooms/lab" }),
      [
        {
          field: "secondUrl",
          message:
            "Second server: http:// is for web pages; WebSocket URLs start with ws://. Try ws://127.0.0.1:7778/rooms/lab",
        },
      ],
    ],
  ])("rejects %s, naming the field", (_, typed, errors) => {
    expect(checkRoomLabForm(typed)).toEqual({ ok: false, errors });
  });

  it.each<[RoomLabForm, { urls: string[]; count: number }]>([
    [form({ clients: "1" }), { urls: [ROOM], count: 1 }],
    [form({ url: ` ${ROOM} `, clients: "50" }), { urls: [ROOM], count: 50 }],
    [form({ secondUrl: "  " }), { urls: [ROOM], count: 5 }],
    [form({ secondUrl: ` ${OTHER}` }), { urls: [ROOM, OTHER], count: 5 }],
  ])("accepts %j", (typed, value) => {
    expect(checkRoomLabForm(typed)).toEqual({ ok: true, value });
  });
});

describe("the lab's clients over two servers", () => {
  it("take the servers in turn", () => {
    expect([0, 1, 2, 3, 4].map((i) => labClientUrl([ROOM, OTHER], i))).toEqual([
      ROOM,
      OTHER,
      ROOM,
      OTHER,
      ROOM,
    ]);
    expect(labClientUrl([ROOM], 3)).toBe(ROOM);
  });

  it.each<[string[], number, string]>([
    [[ROOM], 0, "127.0.0.1:7777"],
    [[ROOM, OTHER], 1, "127.0.0.1:7778"],
    [[ROOM, "ws://127.0.0.1:7777/rooms/other"], 1, "127.0.0.1:7777/rooms/other"],
  ])("name a server by its host, or by its URL when they share one", (urls, index, name) => {
    expect(labServerName(urls, index)).toBe(name);
  });
});
