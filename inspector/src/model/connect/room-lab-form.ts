import { checkWebSocketUrl } from "./url.ts";

/** Clients the room lab opens at most. */
export const MAX_LAB_CLIENTS = 50;

/** The room lab's form as typed: the count stays text until checked. */
export interface RoomLabForm {
  /** The room's WebSocket URL. */
  url: string;
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
  | { ok: true; value: { url: string; count: number } }
  | { ok: false; errors: RoomLabFormProblem[] };

/**
 * Checks the room lab form: the URL as "WebSocket URL" is checked (`checkWebSocketUrl`), and
 * the clients a whole number from 1 to 50.
 */
export function checkRoomLabForm(form: RoomLabForm): RoomLabFormCheck {
  const errors: RoomLabFormProblem[] = [];
  const url = checkWebSocketUrl(form.url);
  const count = Number(form.clients);
  if (!url.ok) errors.push({ field: "url", message: url.error });
  if (!(Number.isInteger(count) && count >= 1 && count <= MAX_LAB_CLIENTS))
    errors.push({ field: "clients", message: `Clients must be from 1 to ${MAX_LAB_CLIENTS}` });
  if (!url.ok || errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { url: url.url, count } };
}
