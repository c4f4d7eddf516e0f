/**
 * Scenarios: a WebSocket session kept as a test. JSON, checked by `schema.ts` (with line and
 * column), run by `runner.ts` in the inspector's capture worker and in the headless CLI. The
 * JSON Schema for editors is `scenario.schema.json` beside this file. See docs/scenarios.md.
 */

/** What a `send` step sends: text (a template), JSON, or bytes. */
export type ScenarioPayload =
  | string
  | { text: string }
  /** Serialized as JSON; string values in it are templates. */
  | { json: unknown }
  /** Binary, as hex (spaces allowed). */
  | { hex: string }
  /** Binary, as base64. */
  | { base64: string };

/** What an `expect` step looks for in a received frame. Strings are templates. */
export type ScenarioMatcher =
  /** A text frame equal to this. */
  | { text: string }
  /** A text frame containing this. */
  | { contains: string }
  /** A text frame matching this regular expression (`flags`: i, m, s, u). */
  | { regex: string; flags?: string }
  /** A text frame that is JSON containing this: every field given, recursively (a subset). */
  | { json: unknown }
  /** A text frame that is JSON with a value at `path` (`$.a.b[0]`), equal to `equals` if given. */
  | { path: string; equals?: unknown; matches?: string }
  /** A binary frame equal to these bytes (hex, spaces allowed). */
  | { hex: string }
  /** Any frame at all. */
  | { any: true };

/**
 * The protocol a client speaks: its session answers pings and handshakes by itself, and the
 * `emit`, `subscribe` and `call` steps use it (docs/protocols.md). Without one, frames are raw.
 */
export type ScenarioProtocol =
  | "raw"
  | "socketio"
  | "graphql-ws"
  | "jsonrpc"
  /** Socket.IO, connecting `namespace` (default "/") with an auth payload (templates inside). */
  | { name: "socketio"; namespace?: string; auth?: unknown }
  /** GraphQL over WebSocket, with a connection_init payload (templates inside). */
  | { name: "graphql-ws"; initPayload?: unknown };

/**
 * What an expected frame must have taken on the wire (measured by the CLI's connections and
 * the relay; a browser's own socket cannot see it). Every condition given must hold.
 */
export interface WireExpectation {
  /** Whether permessage-deflate compressed it. */
  compressed?: boolean;
  /** Largest payload on the wire, in bytes (the compressed size when compressed). */
  bytesAtMost?: number;
  /** Largest share of its decompressed size it may take on the wire: 0.5 is half. */
  ratioAtMost?: number;
}

/** One step of a client's script. */
export type ScenarioStep = { name?: string } & (
  | { send: ScenarioPayload }
  | {
      expect: ScenarioMatcher;
      /** Milliseconds to wait for it. @default the scenario's timeoutMs */
      within?: number;
      /** Skip frames that do not match, instead of failing on the first. @default false */
      skip?: boolean;
      /** Values to keep as `{{vars.name}}`: a JSON path into the frame, or `$1`… for regex groups. */
      capture?: Record<string, string>;
      /** What the frame must have taken on the wire. */
      wire?: WireExpectation;
    }
  | { wait: number }
  | {
      ping: {
        /** @default 10 */
        count?: number;
        /** @default 100 */
        interval?: number;
        /** A template. @default "ping {{seq}}" */
        payload?: string;
        /** How a reply is recognised. @default the text that was sent */
        match?: ScenarioMatcher;
        /** How long to wait for the last reply. @default 2000 */
        timeout?: number;
      };
      p99Below?: number;
      medianBelow?: number;
      lossAtMost?: number;
    }
  | { close: number | { code?: number; reason?: string } }
  | { expectClose: { code?: number; within?: number } }
  /** Waits until every client whose script has this barrier has reached it. */
  | { barrier: string }
  | {
      /**
       * Socket.IO: emits an event; strings in `args` are templates, `{"$bytes": "<hex>"}` is
       * binary. `namespace` defaults to the one the client's protocol connects.
       */
      emit: { event: string; args?: unknown[]; namespace?: string };
      /** Asks for an ack and waits for it: `true` takes any, a matcher checks its arguments (a JSON array). */
      expectAck?: true | ScenarioMatcher;
      /** Milliseconds to wait for the ack. @default the scenario's timeoutMs */
      within?: number;
      /** Values to keep from the ack's arguments: `{"echoed": "$[0]"}`. */
      capture?: Record<string, string>;
    }
  | {
      /** GraphQL: subscribes with a query (a template), variables and an operation name. */
      subscribe: { query: string; variables?: Record<string, unknown>; operationName?: string };
      /** Next messages to wait for. @default 1 */
      expectNext?: number;
      /** What each next's payload must be (`{"path": "$.data.tick.seq"}`). */
      match?: ScenarioMatcher;
      /** Milliseconds to wait for them all. @default the scenario's timeoutMs */
      within?: number;
      /** Completes the operation afterwards when it still runs. @default true */
      complete?: boolean;
    }
  | {
      /** JSON-RPC: calls a method (its id is filled in), or notifies when `notification`. */
      call: { method: string; params?: unknown; notification?: boolean };
      /** What the result must be. */
      expectResult?: ScenarioMatcher;
      /** The call must fail (with this code, if given). */
      expectError?: true | { code?: number };
      /** Milliseconds to wait for the response. @default the scenario's timeoutMs */
      within?: number;
      /** Values to keep from the result: `{"sum": "$"}`. */
      capture?: Record<string, string>;
    }
);

/** One client: a connection and its script. */
export interface ScenarioClient {
  name: string;
  /** A template. @default the scenario's url */
  url?: string;
  protocols?: string[];
  /** Header values are templates (`{{env.TOKEN}}`). Browsers cannot send them; the CLI and the relay can. */
  headers?: [string, string][];
  /** @default the scenario's protocol */
  protocol?: ScenarioProtocol;
  steps: ScenarioStep[];
}

/** A scenario: one client (`steps`) or several (`clients`). */
export interface Scenario {
  name?: string;
  url?: string;
  protocols?: string[];
  headers?: [string, string][];
  /** The protocol every client speaks, unless it says otherwise. @default raw frames */
  protocol?: ScenarioProtocol;
  /** Variables known from the start (`{{vars.name}}`). */
  vars?: Record<string, unknown>;
  /** Default wait of an expect, in ms. @default 5000 */
  timeoutMs?: number;
  steps?: ScenarioStep[];
  clients?: ScenarioClient[];
}

/** How a step went. */
export interface StepResult {
  client: string;
  /** Index of the step in its client's script. */
  index: number;
  /**
   * `send`, `expect`, `wait`, `ping`, `close`, `expectClose`, `barrier`, `emit`, `subscribe`,
   * `call` or `connect`.
   */
  kind: string;
  /** The step's name, or a short description of it. */
  name: string;
  status: "running" | "passed" | "failed" | "skipped";
  durationMs: number;
  message?: string;
  /** For a failed expect: what was wanted and what came, as text (JSON pretty-printed). */
  expected?: string;
  received?: string;
}

/** How a run went. */
export interface ScenarioResult {
  name: string;
  passed: boolean;
  steps: StepResult[];
  durationMs: number;
  /** Values captured along the way. */
  vars: Record<string, unknown>;
}
