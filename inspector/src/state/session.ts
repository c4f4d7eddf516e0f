import { createRoot } from "solid-js";
import type { CaptureClient } from "../capture/capture-client.ts";
import { type Composer, createComposer } from "./composer.ts";
import { type Connection, createConnection } from "./connection.ts";
import { createLog, type LogState } from "./log.ts";
import { createPingLoop, type PingLoop } from "./ping-loop.ts";
import { createSchedule, type Schedule } from "./schedule.ts";
import { createSessionCommands, type SessionCommands } from "./session-commands.ts";
import {
  createSessionSettings,
  type SessionSettings,
  type SessionSettingsValue,
} from "./session-settings.ts";

/** One tab: a connection with its settings, log, composer, schedule and ping loop. */
export interface Session {
  readonly id: number;
  readonly settings: SessionSettings;
  readonly connection: Connection;
  readonly log: LogState;
  readonly composer: Composer;
  readonly schedule: Schedule;
  readonly pingLoop: PingLoop;
  /** What the app may ask of this session's views (focus a field, toggle the panel…). */
  readonly commands: SessionCommands;
  /** A short name for the tab: host and path of the URL. */
  readonly name: () => string;
  dispose(): void;
}

/** A session in its own reactive root, so closing its tab frees everything it made. */
export function createSession(
  client: CaptureClient,
  id: number,
  initial: Partial<SessionSettingsValue> & { url: string },
): Session {
  return createRoot((dispose) => {
    const settings = createSessionSettings(initial);
    const connection = createConnection(client, id);
    return {
      id,
      settings,
      connection,
      log: createLog(connection),
      composer: createComposer(connection),
      schedule: createSchedule(client, id),
      pingLoop: createPingLoop(client, id),
      commands: createSessionCommands(),
      name: () => tabName(settings.url()),
      dispose() {
        connection.disconnect(1000, "Tab closed");
        dispose();
      },
    };
  });
}

function tabName(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname === "/" ? "" : parsed.pathname}`;
  } catch {
    return url || "New connection";
  }
}
