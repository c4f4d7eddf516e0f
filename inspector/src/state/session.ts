import { createRoot } from "solid-js";
import type { CaptureClient } from "../capture/capture-client.ts";
import {
  makeSecretFinder,
  type SecretFinder,
  type SecretValue,
} from "../model/environments/secret-values.ts";
import { type Compare, createCompare } from "./compare.ts";
import { type Composer, createComposer } from "./composer.ts";
import { type Connection, createConnection } from "./connection.ts";
import { createDecoders, type Decoders } from "./decoders.ts";
import { createLog, type LogState } from "./log.ts";
import { createPingLoop, type PingLoop } from "./ping-loop.ts";
import { createProtocol, type ProtocolState } from "./protocol.ts";
import { createScenarios, type Scenarios } from "./scenarios.ts";
import { createSchedule, type Schedule } from "./schedule.ts";
import { createSessionCommands, type SessionCommands } from "./session-commands.ts";
import {
  createSessionSettings,
  type SessionSettings,
  type SessionSettingsValue,
} from "./session-settings.ts";
import { createTapState, type TapState } from "./tap.ts";

/**
 * What every session reads from the app's environments: the values of the one in use, and the
 * secret values of all of them, to mask on screen and to leave out of what leaves.
 */
export interface SessionServices {
  /** `{{env.NAME}}` of the environment in use. */
  values(): Readonly<Record<string, string>>;
  /** The secret values of every environment, longest first. */
  secrets(): SecretValue[];
  /** Finds those secrets in text. */
  finder(): SecretFinder;
}

/** No environment and no secrets (tests, and a session on its own). */
export const noEnvironment: SessionServices = {
  values: () => ({}),
  secrets: () => [],
  finder: () => makeSecretFinder([]),
};

/** One tab: a connection with its settings, log, composer, schedule, ping loop and protocol. */
export interface Session {
  readonly id: number;
  readonly settings: SessionSettings;
  /** The environments, as this session reads them. */
  readonly environment: SessionServices;
  /** The Scenarios panel: write, record and run a scenario. */
  readonly scenarios: Scenarios;
  readonly connection: Connection;
  readonly log: LogState;
  readonly composer: Composer;
  readonly schedule: Schedule;
  readonly pingLoop: PingLoop;
  /** Set when the tab shows a tap's traffic (see state/tap.ts). */
  readonly tap: TapState | undefined;
  /** The protocol spoken (Socket.IO, GraphQL, JSON-RPC or raw) and its pairs of frames. */
  readonly protocol: ProtocolState;
  /** Protobuf schemas and message types, and the custom decoder. */
  readonly decoders: Decoders;
  /** The Diff view's two frames. */
  readonly compare: Compare;
  /** What the app may ask of this session's views (focus a field, toggle the panel…). */
  readonly commands: SessionCommands;
  /** A short name for the tab: host and path of the URL, or the tap's name. */
  readonly name: () => string;
  dispose(): void;
}

/** A session in its own reactive root, so closing its tab frees everything it made. */
export function createSession(
  client: CaptureClient,
  id: number,
  initial: Partial<SessionSettingsValue> & { url: string },
  services: SessionServices = noEnvironment,
): Session {
  return createRoot((dispose) => {
    const settings = createSessionSettings(initial);
    const connection = createConnection(client, id);
    const decoders = createDecoders(connection.store);
    const { custom } = decoders;
    const log = createLog(connection, {
      text: (frameId) => custom.columnText(frameId),
      revision: custom.revision,
      fill: () => custom.fill(),
    });
    const tap =
      settings.tap && createTapState(client, id, settings.tap, connection.withNextViewUpdate);
    const scenarios = createScenarios(client, { connection, settings, environment: services });
    return {
      id,
      settings,
      environment: services,
      scenarios,
      connection,
      log,
      composer: createComposer(connection, services, (json) => decoders.encodeProtobuf(json)),
      decoders,
      compare: createCompare(connection, log, decoders),
      schedule: createSchedule(client, id),
      pingLoop: createPingLoop(client, id),
      tap,
      protocol: createProtocol(client, id, connection, log),
      commands: createSessionCommands(),
      name: () => (tap ? `Tap ${tap.name}` : tabName(settings.url())),
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
