import { checkWebSocketUrl } from "./url.ts";

/** Clients the room lab opens at most. */
export const MAX_LAB_CLIENTS = 50;

/** The room lab's form as typed: the count stays text until checked. */
export interface RoomLabForm {
  /** The room's WebSocket URL. */
  url: string;
  /** A second server's URL for the same room, or empty: the clients then alternate between the two. */
  secondUrl: string;
  /** How many clients to open. */
  clients: string;
}

/** The fields of the form a problem can point at. */
export type RoomLabFormField = keyof RoomLabForm;

/** One problem with the form, under the field it names. */
export interface RoomLabFormProblem {
  field: RoomLabFormField;
  message: string;
}

/** The clients to open, or every problem with the form, in field order. */
export type RoomLabFormCheck =
  | { ok: true; value: { urls: string[]; count: number } }
  | { ok: false; errors: RoomLabFormProblem[] };

/**
 * Checks the room lab form: each URL as "WebSocket URL" is checked (`checkWebSocketUrl`), the
 * second only when one is typed, and the clients a whole number from 1 to 50.
 */
export function checkRoomLabForm(form: RoomLabForm): RoomLabFormCheck {
  const errors: RoomLabFormProblem[] = [];
  const urls: string[] = [];
  const url = checkWebSocketUrl(form.url);
  if (url.ok) urls.push(url.url);
  else errors.push({ field: "url", message: url.error });
  if (form.secondUrl.trim() !== "") {
    const second = checkWebSocketUrl(form.secondUrl);
    if (second.ok) urls.push(second.url);
    else errors.push({ field: "secondUrl", message: `Second server: ${second.error}` });
  }
  const count = Number(form.clients);
  if (!(Number.isInteger(count) && count >= 1 && count <= MAX_LAB_CLIENTS))
    errors.push({ field: "clients", message: `Clients must be from 1 to ${MAX_LAB_CLIENTS}` });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { urls, count } };
}

/** The URL client `index` (from 0) opens: the clients take the servers in turn. */
export function labClientUrl(urls: readonly string[], index: number): string {
  return urls[index % urls.length] ?? "";
}

/**
 * How the lab's table names the server of client `index`: its host and port, or, when both
 * servers share one (two paths of one server), the URL without its scheme.
 */
export function labServerName(urls: readonly string[], index: number): string {
  const url = labClientUrl(urls, index);
  const hosts = new Set(urls.map(hostOf));
  return hosts.size === urls.length ? hostOf(url) : url.replace(/^wss?:\/\//, "");
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
