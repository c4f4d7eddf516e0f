import type { SavedMessages } from "../../state/saved-messages.ts";
import type { Session } from "../../state/session.ts";
import { SessionContext } from "../../state/session-context.ts";
import type { TapState } from "../../state/tap.ts";
import { FilterBar } from "../frame-log/FilterBar.tsx";
import { ToastScope } from "../layout/toasts.tsx";
import { Workbench } from "../layout/Workbench.tsx";
import { StatusBar } from "../stats/StatusBar.tsx";
import { HeldFrames } from "./HeldFrames.tsx";
import { RulesPanel } from "./RulesPanel.tsx";
import { TapBar } from "./TapBar.tsx";
import { TapClients } from "./TapClients.tsx";
import "./tap.css";

/**
 * A tab that shows a tap: the tap bar in place of the connection bar, the same log, detail,
 * tools and status bar as any session (the tap's traffic is this session's capture), and beside
 * them the tap's clients, its held frames and its rules.
 */
export function TapSessionView(props: {
  session: Session;
  tap: TapState;
  saved: SavedMessages;
  crossOriginIsolated: boolean | undefined;
  shown: boolean;
}) {
  return (
    <SessionContext.Provider value={props.session}>
      <ToastScope shown={props.shown}>
        <section class="session tap-session" aria-label={`Session ${props.session.name()}`}>
          <TapBar tap={props.tap} />
          <FilterBar />
          <div class="tap-body">
            <Workbench saved={props.saved} crossOriginIsolated={props.crossOriginIsolated} />
            <aside class="tap-panel" aria-label={`Tap ${props.tap.name}`}>
              <HeldFrames tap={props.tap} />
              <TapClients tap={props.tap} />
              <RulesPanel tap={props.tap} />
            </aside>
          </div>
          <StatusBar crossOriginIsolated={props.crossOriginIsolated} />
        </section>
      </ToastScope>
    </SessionContext.Provider>
  );
}
