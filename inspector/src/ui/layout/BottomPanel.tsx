import { Tabs } from "@kobalte/core/tabs";
import { createSignal } from "solid-js";
import type { Composer as ComposerState } from "../../state/composer.ts";
import type { Connection } from "../../state/connection.ts";
import type { PingLoop } from "../../state/ping-loop.ts";
import type { SavedMessages } from "../../state/saved-messages.ts";
import type { Schedule } from "../../state/schedule.ts";
import { CloseControls } from "../composer/CloseControls.tsx";
import { Composer } from "../composer/Composer.tsx";
import { ControlFrames } from "../composer/ControlFrames.tsx";
import { ReplayControls } from "../composer/ReplayControls.tsx";
import { SavedMessagesPanel } from "../composer/SavedMessagesPanel.tsx";
import { ScheduleControls } from "../composer/ScheduleControls.tsx";
import { HandshakePanel } from "../handshake/HandshakePanel.tsx";
import { PingLoopPanel } from "../ping-loop/PingLoopPanel.tsx";

/** The tools under the log: compose (schedule, control frames, close), saved messages, ping loop, handshake. */
export function BottomPanel(props: {
  connection: Connection;
  composer: ComposerState;
  saved: SavedMessages;
  schedule: Schedule;
  pingLoop: PingLoop;
  crossOriginIsolated: boolean | undefined;
}) {
  const [tab, setTab] = createSignal("compose");
  return (
    <Tabs value={tab()} onChange={setTab} class="bottom-panel">
      <Tabs.List class="tab-list" aria-label="Tools">
        <Tabs.Trigger class="tab" value="compose">
          Compose
        </Tabs.Trigger>
        <Tabs.Trigger class="tab" value="saved">
          Saved
        </Tabs.Trigger>
        <Tabs.Trigger class="tab" value="ping">
          Ping loop
        </Tabs.Trigger>
        <Tabs.Trigger class="tab" value="handshake">
          Handshake
        </Tabs.Trigger>
      </Tabs.List>
      <Tabs.Content class="tool-panel" value="compose">
        <Composer connection={props.connection} composer={props.composer} />
        <div class="compose-extras">
          <ScheduleControls
            connection={props.connection}
            composer={props.composer}
            schedule={props.schedule}
          />
          <ReplayControls connection={props.connection} schedule={props.schedule} />
          <ControlFrames connection={props.connection} />
          <CloseControls connection={props.connection} />
        </div>
      </Tabs.Content>
      <Tabs.Content class="tool-panel" value="saved">
        <SavedMessagesPanel
          connection={props.connection}
          composer={props.composer}
          saved={props.saved}
          onLoad={() => setTab("compose")}
        />
      </Tabs.Content>
      <Tabs.Content class="tool-panel" value="handshake">
        <HandshakePanel connection={props.connection} />
      </Tabs.Content>
      <Tabs.Content class="tool-panel" value="ping">
        <PingLoopPanel
          connection={props.connection}
          loop={props.pingLoop}
          crossOriginIsolated={props.crossOriginIsolated}
        />
      </Tabs.Content>
    </Tabs>
  );
}
