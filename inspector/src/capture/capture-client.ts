import type { RelaySettings } from "../../../echo-server/protocol/relay-wire.ts";
import type {
  ProtocolAction,
  ProtocolConfig,
} from "../../../echo-server/protocol/sessions/types.ts";
import type { TapCommand } from "../../../echo-server/protocol/tap-wire.ts";
import type { Payload } from "../model/frames/frame.ts";
import { releaseBatchColumns, releaseBuffer } from "../model/frames/release.ts";
import { mirroredBatch } from "../model/tap/mirrored-batch.ts";
import type {
  CaptureCommand,
  CaptureReport,
  ConnectionReport,
  PingLoopSpec,
  ReplaySpec,
  ScenarioReport,
  ScenarioRunSpec,
  ScheduleSpec,
  TapInjectTarget,
} from "./protocol.ts";

/** Main-thread handle on the capture worker: typed commands out, reports in. */
export interface CaptureClient {
  connect(
    connectionId: number,
    url: string,
    protocols: string[],
    options?: { reconnect?: boolean; relay?: RelaySettings },
  ): void;
  send(connectionId: number, payload: Payload): void;
  close(connectionId: number, code?: number, reason?: string): void;
  /** Relay only: a ping frame with a text payload, and whether to answer the target's pings. */
  controlPing(connectionId: number, payload: string): void;
  setAutoPong(connectionId: number, enabled: boolean): void;
  startPing(connectionId: number, spec: PingLoopSpec): void;
  stopPing(connectionId: number, loopId: number): void;
  startSchedule(connectionId: number, spec: ScheduleSpec): void;
  stopSchedule(connectionId: number, scheduleId: number): void;
  startReplay(connectionId: number, spec: ReplaySpec): void;
  /** Watches a tap at its `/tap-watch/<name>` URL; `close` stops watching. */
  watchTap(connectionId: number, url: string): void;
  tapCommand(connectionId: number, command: TapCommand): void;
  /** Where this connection's sends are injected into the tap it watches. */
  setTapTarget(connectionId: number, target: TapInjectTarget | undefined): void;
  /** Runs a scenario in the worker; its reports go to `onScenario(spec.runId)`. */
  runScenario(spec: ScenarioRunSpec): void;
  stopScenario(runId: number): void;
  /** Registers a listener for one scenario run's reports; returns a function that removes it. */
  onScenario(runId: number, listener: (report: ScenarioReport) => void): () => void;
  /** The connection's protocol; it holds across reconnects until changed. */
  configureProtocol(connectionId: number, config: ProtocolConfig): void;
  /** An action for the protocol session; the answer comes as a `protocol-action` report. */
  protocolAction(connectionId: number, requestId: number, action: ProtocolAction): void;
  /** Forgets the protocol's statistics. */
  resetProtocol(connectionId: number): void;
  /** Registers a listener for one connection's reports; returns a function that removes it. */
  onReport(connectionId: number, listener: (report: ConnectionReport) => void): () => void;
  /** Whether the worker's clock is cross-origin isolated (5 µs) or coarse (100 µs). */
  onClock(listener: (crossOriginIsolated: boolean) => void): void;
  dispose(): void;
}

/** Epoch milliseconds, as the worker's clock reads them. */
const nowMs = () => performance.timeOrigin + performance.now();

/** The part of a Worker the client uses. */
export interface WorkerLike {
  postMessage(message: CaptureCommand, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<CaptureReport>) => void) | null;
  terminate(): void;
}

/** Plain client over a worker (or anything that speaks the capture protocol). */
export function makeCaptureClient(worker: WorkerLike): CaptureClient {
  const listeners = new Map<number, Set<(report: ConnectionReport) => void>>();
  const scenarioListeners = new Map<number, Set<(report: ScenarioReport) => void>>();
  const clockListeners: ((isolated: boolean) => void)[] = [];
  let clock: boolean | undefined;

  worker.onmessage = ({ data: report }) => {
    if (report.type === "clock") {
      clock = report.crossOriginIsolated;
      for (const listener of clockListeners) listener(clock);
      return;
    }
    if (report.type === "scenario-step" || report.type === "scenario-done") {
      for (const listener of scenarioListeners.get(report.runId) ?? []) listener(report);
      return;
    }
    const connectionReport: ConnectionReport =
      report.type === "tap-frames"
        ? {
            type: "frames",
            batch: mirroredBatch(report.connectionId, report.message, nowMs),
          }
        : report;
    const connectionId =
      connectionReport.type === "frames"
        ? connectionReport.batch.connectionId
        : connectionReport.connectionId;
    for (const listener of listeners.get(connectionId) ?? []) listener(connectionReport);
    // The frames are in the store now (copied out of the batch, and out of the tap's message):
    // free what came from the worker at once (see releaseBuffer).
    if (connectionReport.type === "frames") releaseBatchColumns(connectionReport.batch);
    if (report.type === "tap-frames") releaseBuffer(report.message);
  };

  const post = (command: CaptureCommand) => worker.postMessage(command);
  return {
    connect: (connectionId, url, protocols, options = {}) =>
      post({
        type: "connect",
        connectionId,
        url,
        protocols,
        reconnect: options.reconnect ?? false,
        ...(options.relay ? { relay: options.relay } : {}),
      }),
    controlPing: (connectionId, payload) => post({ type: "control-ping", connectionId, payload }),
    setAutoPong: (connectionId, enabled) => post({ type: "auto-pong", connectionId, enabled }),
    // Binary payloads are copied, not transferred: the composer may send the same bytes again.
    send: (connectionId, payload) => post({ type: "send", connectionId, payload }),
    close: (connectionId, code, reason) => post({ type: "close", connectionId, code, reason }),
    startPing: (connectionId, spec) => post({ type: "ping-start", connectionId, spec }),
    stopPing: (connectionId, loopId) => post({ type: "ping-stop", connectionId, loopId }),
    startSchedule: (connectionId, spec) => post({ type: "schedule-start", connectionId, spec }),
    stopSchedule: (connectionId, scheduleId) =>
      post({ type: "schedule-stop", connectionId, scheduleId }),
    startReplay: (connectionId, spec) => post({ type: "replay-start", connectionId, spec }),
    watchTap: (connectionId, url) => post({ type: "tap-watch", connectionId, url }),
    tapCommand: (connectionId, command) => post({ type: "tap-command", connectionId, command }),
    setTapTarget: (connectionId, target) => post({ type: "tap-target", connectionId, target }),
    runScenario: (spec) => post({ type: "scenario-run", spec }),
    stopScenario: (runId) => post({ type: "scenario-stop", runId }),
    onScenario(runId, listener) {
      const set = scenarioListeners.get(runId) ?? new Set();
      scenarioListeners.set(runId, set);
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) scenarioListeners.delete(runId);
      };
    },
    configureProtocol: (connectionId, config) =>
      post({ type: "protocol-config", connectionId, config }),
    protocolAction: (connectionId, requestId, action) =>
      post({ type: "protocol-action", connectionId, requestId, action }),
    resetProtocol: (connectionId) => post({ type: "protocol-reset", connectionId }),
    onReport(connectionId, listener) {
      let set = listeners.get(connectionId);
      if (!set) {
        set = new Set();
        listeners.set(connectionId, set);
      }
      set.add(listener);
      return () => set.delete(listener);
    },
    onClock(listener) {
      clockListeners.push(listener);
      if (clock !== undefined) listener(clock);
    },
    dispose: () => worker.terminate(),
  };
}

/** Starts the capture worker. Vite bundles it from this URL. */
export function startCaptureWorker(): CaptureClient {
  const worker = new Worker(new URL("./capture.worker.ts", import.meta.url), { type: "module" });
  return makeCaptureClient(worker as unknown as WorkerLike);
}
