import { describe, expect, it } from "vitest";
import {
  checkRoomLabForm,
  type RoomLabForm,
} from "../../inspector/src/model/connect/room-lab-form.ts";

const ROOM = "ws://127.0.0.1:7777/rooms/lab";
const CLIENTS = { field: "clients", message: "Clients must be from 1 to 50" };

describe("checkRoomLabForm", () => {
  it.each<[string, RoomLabForm, object[]]>([
    ["0 clients", { url: ROOM, clients: "0" }, [CLIENTS]],
    ["51 clients", { url: ROOM, clients: "51" }, [CLIENTS]],
    ["2.5 clients", { url: ROOM, clients: "2.5" }, [CLIENTS]],
    ["an empty client count", { url: ROOM, clients: "" }, [CLIENTS]],
    [
      "an empty URL",
      { url: " ", clients: "5" },
      [{ field: "url", message: "Enter a WebSocket URL, e.g. ws://127.0.0.1:7777/echo" }],
    ],
    [
      "an http URL and too many clients",
      { url: "http://127.0.0.1:7777/rooms/lab", clients: "99" },
      [
        {
          field: "url",
          message:
            "http:// is for web pages; WebSocket URLs start with ws://. Try ws://127.0.0.1:7777/rooms/lab",
        },
        CLIENTS,
      ],
    ],
  ])("rejects %s, naming the field", (_, form, errors) => {
    expect(checkRoomLabForm(form)).toEqual({ ok: false, errors });
  });

  it.each<[RoomLabForm, { url: string; count: number }]>([
    [
      { url: ROOM, clients: "1" },
      { url: ROOM, count: 1 },
    ],
    [
      { url: ` ${ROOM} `, clients: "50" },
      { url: ROOM, count: 50 },
    ],
  ])("accepts %j", (form, value) => {
    expect(checkRoomLabForm(form)).toEqual({ ok: true, value });
  });
});
