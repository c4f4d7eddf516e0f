import { parseJson } from "../protocol/json-guard.ts";
import { isValidNick, isValidRoomName } from "./names.ts";

/** Room frames are JSON objects of modest depth; deeper ones are refused before parsing. */
export const ROOM_JSON_MAX_DEPTH = 32;

/** A command a client sends in a room (JSON text frames). */
export type RoomCommand =
  | { type: "join"; room: string }
  | { type: "leave"; room: string }
  | { type: "publish"; room: string; data: unknown }
  | { type: "dm"; to: string; data: unknown }
  | { type: "nick"; name: string }
  | { type: "rooms" };

/** What a text frame in a room means. */
export type ParsedFrame =
  | { kind: "command"; command: RoomCommand }
  | { kind: "ping" }
  | { kind: "message"; data: unknown }
  | { kind: "error"; code: string; message: string };

/**
 * Reads a text frame. `ping` is a ping; a frame that starts with `{` must be a valid command;
 * any other text is published to the peer's home room as is.
 */
export function parseRoomFrame(text: string): ParsedFrame {
  if (text === "ping") return { kind: "ping" };
  if (!text.trimStart().startsWith("{")) return { kind: "message", data: text };
  // The payload cap bounds the length already; the depth is what JSON.parse does not bound.
  const json = parseJson(text, {
    maxDepth: ROOM_JSON_MAX_DEPTH,
    maxLength: Number.POSITIVE_INFINITY,
  });
  if (!json.ok) {
    return {
      kind: "error",
      code: json.code === "bad_json" ? "bad_json" : "bad_request",
      message: json.message,
    };
  }
  return parseCommand(json.value as Record<string, unknown>);
}

const COMMANDS = ["join", "leave", "publish", "dm", "nick", "rooms"];

function parseCommand(value: Record<string, unknown>): ParsedFrame {
  const type = value.type;
  if (typeof type !== "string" || !COMMANDS.includes(type)) {
    return {
      kind: "error",
      code: "unknown_command",
      message: `Unknown command ${brief(type)}: use one of ${COMMANDS.join(", ")}`,
    };
  }
  switch (type) {
    case "join":
    case "leave":
      if (!isValidRoomName(value.room)) return badRoom(type, value.room);
      return { kind: "command", command: { type, room: value.room } };
    case "publish":
      if (!isValidRoomName(value.room)) return badRoom(type, value.room);
      return { kind: "command", command: { type, room: value.room, data: value.data ?? null } };
    case "dm":
      if (typeof value.to !== "string" || value.to === "") {
        return { kind: "error", code: "bad_request", message: "dm needs a peer id in `to`" };
      }
      return { kind: "command", command: { type, to: value.to, data: value.data ?? null } };
    case "nick":
      if (!isValidNick(value.name)) {
        return {
          kind: "error",
          code: "bad_request",
          message: "nick needs a `name` of 1–32 printable characters",
        };
      }
      return { kind: "command", command: { type, name: value.name } };
    default:
      return { kind: "command", command: { type: "rooms" } };
  }
}

function badRoom(command: string, room: unknown): ParsedFrame {
  const rule = "1–64 characters of A–Z a–z 0–9 _ . -";
  return {
    kind: "error",
    code: "bad_room",
    message:
      room === undefined || room === null
        ? `${command} needs a room name in \`room\`: ${rule}`
        : `Invalid room name ${brief(room)}: ${rule}`,
  };
}

/** A value for an error message: short, on one line, whatever was sent. */
function brief(value: unknown): string {
  if (value === undefined) return "(none)";
  const text =
    typeof value === "string"
      ? JSON.stringify(value)
      : Array.isArray(value)
        ? "(a list)"
        : typeof value === "object" && value !== null
          ? "(an object)"
          : String(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
