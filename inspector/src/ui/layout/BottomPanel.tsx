import { Tabs } from "@kobalte/core/tabs";
import { createSignal } from "solid-js";
import type { SavedMessages } from "../../state/saved-messages.ts";
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
  saved: SavedMessages;
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
        <Composer />
        <div class="compose-extras">
          <ScheduleControls />
          <ReplayControls />
          <ControlFrames />
          <CloseControls />
        </div>
      </Tabs.Content>
      <Tabs.Content class="tool-panel" value="saved">
        <SavedMessagesPanel saved={props.saved} onLoad={() => setTab("compose")} />
      </Tabs.Content>
      <Tabs.Content class="tool-panel" value="handshake">
        <HandshakePanel />
      </Tabs.Content>
      <Tabs.Content class="tool-panel" value="ping">
        <PingLoopPanel crossOriginIsolated={props.crossOriginIsolated} />
      </Tabs.Content>
    </Tabs>
  );
}
