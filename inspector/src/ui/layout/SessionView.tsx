import type { SavedMessages } from "../../state/saved-messages.ts";
import type { Session } from "../../state/session.ts";
import { ConnectionBar } from "../connection-bar/ConnectionBar.tsx";
import { FrameDetail } from "../frame-detail/FrameDetail.tsx";
import { FilterBar } from "../frame-log/FilterBar.tsx";
import { FrameLog } from "../frame-log/FrameLog.tsx";
import { StatusBar } from "../stats/StatusBar.tsx";
import { BottomPanel } from "./BottomPanel.tsx";

/** Everything of one session: connection bar, log with detail, tools and status bar. */
export function SessionView(props: {
  session: Session;
  saved: SavedMessages;
  crossOriginIsolated: boolean | undefined;
}) {
  const session = () => props.session;
  return (
    <section class="session" aria-label={`Session ${session().name()}`}>
      <ConnectionBar connection={session().connection} settings={session().settings} />
      <FilterBar connection={session().connection} log={session().log} />
      <div class="log-and-detail">
        <FrameLog log={session().log} />
        <FrameDetail connection={session().connection} log={session().log} />
      </div>
      <BottomPanel
        connection={session().connection}
        composer={session().composer}
        saved={props.saved}
        schedule={session().schedule}
        pingLoop={session().pingLoop}
        crossOriginIsolated={props.crossOriginIsolated}
      />
      <StatusBar
        connection={session().connection}
        crossOriginIsolated={props.crossOriginIsolated}
      />
    </section>
  );
}
