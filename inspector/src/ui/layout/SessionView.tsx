import type { SavedMessages } from "../../state/saved-messages.ts";
import type { Session } from "../../state/session.ts";
import { SessionContext } from "../../state/session-context.ts";
import { ConnectionBar } from "../connection-bar/ConnectionBar.tsx";
import { FilterBar } from "../frame-log/FilterBar.tsx";
import { StatusBar } from "../stats/StatusBar.tsx";
import { ToastScope } from "./toasts.tsx";
import { Workbench } from "./Workbench.tsx";

/**
 * Everything of one session: connection bar, filter bar, the workbench (log, detail, tools) and
 * the status bar, each bar one line high. The views inside find the session with `useSession()`;
 * what all tabs share comes as props.
 */
export function SessionView(props: {
  session: Session;
  saved: SavedMessages;
  crossOriginIsolated: boolean | undefined;
  /** The tab is on screen (its toasts show only then). */
  shown: boolean;
}) {
  return (
    <SessionContext.Provider value={props.session}>
      <ToastScope shown={props.shown}>
        <section class="session" aria-label={`Session ${props.session.name()}`}>
          <ConnectionBar />
          <FilterBar />
          <Workbench saved={props.saved} crossOriginIsolated={props.crossOriginIsolated} />
          <StatusBar crossOriginIsolated={props.crossOriginIsolated} />
        </section>
      </ToastScope>
    </SessionContext.Provider>
  );
}
