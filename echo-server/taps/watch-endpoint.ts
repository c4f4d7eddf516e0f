import type { IncomingMessage } from "node:http";
import { defineHooks, type Peer } from "crossws";
import { isLoopback, refuseForeignOrigin } from "../access-policy.ts";
import { parseJson } from "../protocol/json-guard.ts";
import { parseTapCommand } from "../protocol/tap-rules.ts";
import type { TapCommand, TapEvent } from "../protocol/tap-wire.ts";
import { relayNow as now } from "../relay-dial.ts";
import type { TapRegistry } from "./registry.ts";
import type { Tap } from "./tap.ts";

/** Watch commands are small JSON objects (rules with their templates at most). */
const COMMAND_LIMITS = { maxDepth: 16, maxLength: 4 * 1024 * 1024 };

/** The inspector's page on this machine, and nobody else, may watch and steer a tap. */
export function refuseTapWatcher(request: IncomingMessage): string | undefined {
  if (!isLoopback(request.socket.remoteAddress)) return "Taps are watched from this machine only";
  return refuseForeignOrigin(request, { requireOrigin: true });
}

/**
 * `/tap-watch/:name`: an inspector tab mirrors a tap. It gets the tap's clients, frames,
 * control frames, rule hits and held frames; it sets the rules, releases held frames (as
 * edited), injects frames and sets the hold timeout. See docs/tap.md.
 */
export function createTapWatchEndpoint(options: { registry: TapRegistry; maxPayload: number }) {
  const watching = new WeakMap<Peer, Tap>();
  const error = (peer: Peer, message: string, field?: string): void => {
    const event: TapEvent = { type: "error", time: now(), message, ...(field ? { field } : {}) };
    peer.send(JSON.stringify(event));
  };

  function run(peer: Peer, tap: Tap, command: TapCommand) {
    switch (command.type) {
      case "rules":
        return tap.setRules(command.rules);
      case "settings":
        return tap.setHoldTimeout(command.holdTimeoutMs);
      case "release":
        if ((command.payload?.length ?? 0) > options.maxPayload)
          return error(peer, "The edited payload is over the payload limit", "payload");
        if (!tap.release(command.holdId, command.action, command.payload))
          return error(
            peer,
            "That frame is no longer held (it timed out, or its client left)",
            "holdId",
          );
        return;
      case "inject":
        if (command.payload.length > options.maxPayload)
          return error(peer, "The frame is over the payload limit", "payload");
        if (
          !tap.inject(command.clientId, command.direction, command.payload, command.binary === true)
        )
          return error(peer, `No open client ${command.clientId} on this tap`, "clientId");
        return;
    }
  }

  return defineHooks({
    upgrade(request) {
      const segment = new URL(request.url).pathname.split("/")[2] ?? "";
      let name = "";
      try {
        name = decodeURIComponent(segment);
      } catch {}
      if (!options.registry.get(name))
        throw new Response("No tap by that name", { status: 404, statusText: "Not Found" });
      return { context: { tap: name } };
    },
    open(peer) {
      const tap = options.registry.get(peer.context.tap as string);
      if (!tap) return peer.close(1001, "Tap removed");
      watching.set(peer, tap);
      tap.addWatcher(peer);
    },
    message(peer, message) {
      const tap = watching.get(peer);
      if (!tap) return;
      const raw = message.rawData;
      if (typeof raw !== "string") return error(peer, "Tap commands are JSON text frames");
      const json = parseJson(raw, COMMAND_LIMITS);
      if (!json.ok) return error(peer, `Tap commands are JSON objects: ${json.message}`);
      const checked = parseTapCommand(json.value);
      if (!checked.ok) return error(peer, checked.message, checked.field);
      run(peer, tap, checked.command);
    },
    close(peer) {
      watching.get(peer)?.removeWatcher(peer);
      watching.delete(peer);
    },
  });
}
