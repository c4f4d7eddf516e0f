import { createSignal, onCleanup } from "solid-js";
import type { CaptureClient } from "../../capture/capture-client.ts";
import { createComposer } from "../../state/composer.ts";
import { createConnection } from "../../state/connection.ts";
import { createLog } from "../../state/log.ts";
import { createPingLoop } from "../../state/ping-loop.ts";
import { createSavedMessages } from "../../state/saved-messages.ts";
import { createSchedule } from "../../state/schedule.ts";
import { ConnectionBar } from "../connection-bar/ConnectionBar.tsx";
import { FrameDetail } from "../frame-detail/FrameDetail.tsx";
import { FilterBar } from "../frame-log/FilterBar.tsx";
import { FrameLog } from "../frame-log/FrameLog.tsx";
import { StatusBar } from "../stats/StatusBar.tsx";
import { BottomPanel } from "./BottomPanel.tsx";

/** The inspector: one connection with its log, detail pane, tools and status bar. */
export function App(props: { client: CaptureClient; initialUrl: string }) {
  const connection = createConnection(props.client, 1);
  const log = createLog(connection);
  const composer = createComposer(connection);
  const saved = createSavedMessages();
  const schedule = createSchedule(props.client, 1);
  const pingLoop = createPingLoop(props.client, 1);
  const [isolated, setIsolated] = createSignal<boolean>();
  props.client.onClock(setIsolated);
  onCleanup(() => props.client.dispose());

  return (
    <div class="app">
      <header class="app-header">
        <h1 class="app-title">SocketScope</h1>
        <ConnectionBar connection={connection} initialUrl={props.initialUrl} />
      </header>
      <main class="app-main">
        <FilterBar connection={connection} log={log} />
        <div class="log-and-detail">
          <FrameLog connection={connection} log={log} />
          <FrameDetail connection={connection} log={log} />
        </div>
        <BottomPanel
          connection={connection}
          composer={composer}
          saved={saved}
          schedule={schedule}
          pingLoop={pingLoop}
          crossOriginIsolated={isolated()}
        />
      </main>
      <StatusBar connection={connection} crossOriginIsolated={isolated()} />
    </div>
  );
}
