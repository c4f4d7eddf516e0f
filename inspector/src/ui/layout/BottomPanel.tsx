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
import { ProtocolPanel } from "../protocol/ProtocolPanel.tsx";

/**
 * The tools under the log: compose (schedule, control frames, close), the protocol (Socket.IO,
 * GraphQL, JSON-RPC composers and paired requests), saved messages, ping loop, handshake. The panel's height is set by the workbench and does not follow its tab: each tab
 * scrolls inside it. Collapsed, it shows its tab strip only; picking a tab opens it again.
 */
export function BottomPanel(props: {
  id: string;
  saved: SavedMessages;
  crossOriginIsolated: boolean | undefined;
  collapsed: boolean;
  onCollapsedChange: (collapsed: boolean) => void;
}) {
  const [tab, setTab] = createSignal("compose");
  const expand = () => {
    if (props.collapsed) props.onCollapsedChange(false);
  };
  return (
    <Tabs
      id={props.id}
      value={tab()}
      onChange={setTab}
      class="bottom-panel"
      data-collapsed={props.collapsed ? "" : undefined}
    >
      <div class="panel-strip">
        <Tabs.List class="tab-list" aria-label="Tools">
          <Tabs.Trigger class="tab" value="compose" onClick={expand}>
            Compose
          </Tabs.Trigger>
          <Tabs.Trigger class="tab" value="protocol" onClick={expand}>
            Protocol
          </Tabs.Trigger>
          <Tabs.Trigger class="tab" value="saved" onClick={expand}>
            Saved
          </Tabs.Trigger>
          <Tabs.Trigger class="tab" value="ping" onClick={expand}>
            Ping loop
          </Tabs.Trigger>
          <Tabs.Trigger class="tab" value="handshake" onClick={expand}>
            Handshake
          </Tabs.Trigger>
        </Tabs.List>
        <button
          type="button"
          class="icon-button panel-toggle"
          aria-expanded={!props.collapsed}
          aria-controls={`${props.id}-tools`}
          title={props.collapsed ? "Expand panel" : "Collapse panel"}
          onClick={() => props.onCollapsedChange(!props.collapsed)}
        >
          <span class="visually-hidden">{props.collapsed ? "Expand panel" : "Collapse panel"}</span>
          <span aria-hidden="true">{props.collapsed ? "▴" : "▾"}</span>
        </button>
      </div>
      <div class="tool-panels" id={`${props.id}-tools`}>
        <Tabs.Content class="tool-panel" value="compose">
          <Composer />
          <div class="compose-extras">
            <ScheduleControls />
            <ReplayControls />
            <ControlFrames />
            <CloseControls />
          </div>
        </Tabs.Content>
        <Tabs.Content class="tool-panel" value="protocol">
          <ProtocolPanel />
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
      </div>
    </Tabs>
  );
}
