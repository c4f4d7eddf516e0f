import type { SavedMessages } from "../../state/saved-messages.ts";
import type { Session } from "../../state/session.ts";
import { SessionContext } from "../../state/session-context.ts";
import { ConnectionBar } from "../connection-bar/ConnectionBar.tsx";
import { FrameDetail } from "../frame-detail/FrameDetail.tsx";
import { FilterBar } from "../frame-log/FilterBar.tsx";
import { FrameLog } from "../frame-log/FrameLog.tsx";
import { StatusBar } from "../stats/StatusBar.tsx";
import { BottomPanel } from "./BottomPanel.tsx";

/**
 * Everything of one session: connection bar, log with detail, tools and status bar. The views
 * inside find the session with `useSession()`; what all tabs share comes as props.
 */
export function SessionView(props: {
  session: Session;
  saved: SavedMessages;
  crossOriginIsolated: boolean | undefined;
}) {
  return (
    <SessionContext.Provider value={props.session}>
      <section class="session" aria-label={`Session ${props.session.name()}`}>
        <ConnectionBar />
        <FilterBar />
        <div class="log-and-detail">
          <FrameLog />
          <FrameDetail />
        </div>
        <BottomPanel saved={props.saved} crossOriginIsolated={props.crossOriginIsolated} />
        <StatusBar crossOriginIsolated={props.crossOriginIsolated} />
      </section>
    </SessionContext.Provider>
  );
}
