const ROOM_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it rejects.
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Room names: 1–64 characters of `[A-Za-z0-9_.-]`. */
export function isValidRoomName(name: unknown): name is string {
  return typeof name === "string" && ROOM_NAME.test(name);
}

/** Nicknames: 1–32 printable characters, no control characters. */
export function isValidNick(name: unknown): name is string {
  return typeof name === "string" && name.length >= 1 && name.length <= 32 && !CONTROL.test(name);
}
