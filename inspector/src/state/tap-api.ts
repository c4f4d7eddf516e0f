import type { TapInfo } from "../../../echo-server/protocol/tap-wire.ts";

/** A tap the server made, or why it would not: the field and the server's words. */
export type TapCreation =
  | { ok: true; tap: TapInfo }
  | { ok: false; field: "name" | "target" | undefined; message: string };

/**
 * Asks the bundled server (this page's origin) to make a tap: `POST /api/taps`. The server
 * checks everything again (the name, the target and its relay policy) and says what is wrong.
 */
export async function createTapOnServer(name: string, target: string): Promise<TapCreation> {
  let response: Response;
  try {
    response = await fetch("/api/taps", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name, target }),
    });
  } catch {
    return { ok: false, field: undefined, message: "The SocketScope server did not answer" };
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.status === 201) return { ok: true, tap: body as unknown as TapInfo };
  const field = body.field === "name" || body.field === "target" ? body.field : undefined;
  const message =
    typeof body.message === "string"
      ? body.message
      : `The server refused the tap (HTTP ${response.status})`;
  return { ok: false, field, message };
}

/** The taps the server has (`GET /api/taps`); none when it does not answer. */
export async function listTapsOnServer(): Promise<TapInfo[]> {
  try {
    const response = await fetch("/api/taps");
    const body: unknown = await response.json();
    return Array.isArray(body) ? (body as TapInfo[]) : [];
  } catch {
    return [];
  }
}

/** Removes a tap on the server (`DELETE /api/taps/:name`); its apps and watchers close with 1001. */
export async function removeTapOnServer(name: string): Promise<string | undefined> {
  try {
    const response = await fetch(`/api/taps/${encodeURIComponent(name)}`, { method: "DELETE" });
    if (response.status === 204) return undefined;
    const body = (await response.json().catch(() => ({}))) as { message?: unknown };
    return typeof body.message === "string" ? body.message : `HTTP ${response.status}`;
  } catch {
    return "The SocketScope server did not answer";
  }
}

/** The watch URL of tap `name` on the server that serves this page. */
export function tapWatchUrl(name: string, origin = globalThis.location.origin): string {
  return `${origin.replace(/^http/, "ws")}/tap-watch/${encodeURIComponent(name)}`;
}
