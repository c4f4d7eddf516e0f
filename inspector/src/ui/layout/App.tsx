import { createSignal, onCleanup } from "solid-js";
import type { CaptureClient } from "../../capture/capture-client.ts";
import { createConnection } from "../../state/connection.ts";
import { createLog } from "../../state/log.ts";
import { Composer } from "../composer/Composer.tsx";
import { ConnectionBar } from "../connection-bar/ConnectionBar.tsx";
import { FrameDetail } from "../frame-detail/FrameDetail.tsx";
import { FilterBar } from "../frame-log/FilterBar.tsx";
import { FrameLog } from "../frame-log/FrameLog.tsx";
import { StatusBar } from "../stats/StatusBar.tsx";

/** The inspector: one connection with its log, detail pane, composer and status bar. */
export function App(props: { client: CaptureClient; initialUrl: string }) {
  const connection = createConnection(props.client, 1);
  const log = createLog(connection);
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
        <Composer connection={connection} />
      </main>
      <StatusBar connection={connection} crossOriginIsolated={isolated()} />
    </div>
  );
}
