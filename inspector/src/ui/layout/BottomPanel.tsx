import { Tabs } from "@kobalte/core/tabs";
import { createSignal, Show } from "solid-js";
import type { SavedMessages } from "../../state/saved-messages.ts";
import { useSession } from "../../state/session-context.ts";
import { ComposePanel } from "../composer/ComposePanel.tsx";
import { SavedMessagesPanel } from "../composer/SavedMessagesPanel.tsx";
import { DecodersPanel } from "../decoders/DecodersPanel.tsx";
import { HandshakePanel } from "../handshake/HandshakePanel.tsx";
import { ariaKeysFor, keysFor } from "../keyboard/keyboard-shortcuts.ts";
import { PingLoopPanel } from "../ping-loop/PingLoopPanel.tsx";
import { ProtocolPanel } from "../protocol/ProtocolPanel.tsx";
import { ScenariosPanel } from "../scenarios/ScenariosPanel.tsx";

/**
 * The tools under the log: compose (message, schedule, replay, control frames), the protocol
 * (Socket.IO, GraphQL, JSON-RPC composers and paired requests), saved messages, ping loop,
 * handshake, decoders (protobuf schemas, the custom decoder), scenarios. The panel's height is
 * set by the workbench and does not follow its tab: each tab scrolls inside it. Collapsed, it
 * shows its tab strip only; picking a tab opens it again. It answers the session's
 * "focus-message" and "toggle-panel" commands.
 */
export function BottomPanel(props: {
  id: string;
  saved: SavedMessages;
  crossOriginIsolated: boolean | undefined;
  collapsed: boolean;
  onCollapsedChange: (collapsed: boolean) => void;
}) {
  const { commands, tap } = useSession();
  const [tab, setTab] = createSignal("compose");
  // A tap tab injects into its clients' traffic: no ping loop, handshake or close of its own.
  const own = !tap;
  let panel!: HTMLDivElement;
  let toggle!: HTMLButtonElement;
  let messageBox: HTMLTextAreaElement | undefined;
  const expand = () => {
    if (props.collapsed) props.onCollapsedChange(false);
  };

  commands.handle("focus-message", ({ reveal }) => {
    if (reveal) {
      expand();
      setTab("compose");
    }
    // The Compose tab mounts its composer at once, so the message box is there now, if shown.
    if (props.collapsed || tab() !== "compose" || !messageBox?.isConnected) return false;
    messageBox.focus();
    return true;
  });
  commands.handle("toggle-panel", () => {
    const collapsing = !props.collapsed;
    // Focus inside a panel about to vanish would fall to the page: keep it on the toggle.
    if (collapsing && panel.contains(document.activeElement)) toggle.focus();
    props.onCollapsedChange(collapsing);
    return true;
  });
  return (
    <Tabs
      ref={panel}
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
          <Show when={own}>
            <Tabs.Trigger class="tab" value="ping" onClick={expand}>
              Ping loop
            </Tabs.Trigger>
            <Tabs.Trigger class="tab" value="handshake" onClick={expand}>
              Handshake
            </Tabs.Trigger>
          </Show>
          <Tabs.Trigger class="tab" value="scenarios" onClick={expand}>
            Scenarios
          </Tabs.Trigger>
          <Tabs.Trigger class="tab" value="decoders" onClick={expand}>
            Decoders
          </Tabs.Trigger>
        </Tabs.List>
        <button
          type="button"
          class="icon-button panel-toggle"
          ref={toggle}
          aria-expanded={!props.collapsed}
          aria-controls={`${props.id}-tools`}
          title={`${props.collapsed ? "Expand panel" : "Collapse panel"} (${keysFor("toggle-panel")})`}
          aria-keyshortcuts={ariaKeysFor("toggle-panel")}
          onClick={() => props.onCollapsedChange(!props.collapsed)}
        >
          <span class="visually-hidden">{props.collapsed ? "Expand panel" : "Collapse panel"}</span>
          <span aria-hidden="true">{props.collapsed ? "▴" : "▾"}</span>
        </button>
      </div>
      <div class="tool-panels" id={`${props.id}-tools`}>
        <Tabs.Content class="tool-panel" value="compose">
          <ComposePanel
            controlFrames={own}
            messageRef={(element) => {
              messageBox = element;
            }}
          />
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
        <Tabs.Content class="tool-panel" value="decoders">
          <DecodersPanel />
        </Tabs.Content>
        <Tabs.Content class="tool-panel" value="ping">
          <PingLoopPanel crossOriginIsolated={props.crossOriginIsolated} />
        </Tabs.Content>
        <Tabs.Content class="tool-panel" value="scenarios">
          <ScenariosPanel />
        </Tabs.Content>
      </div>
    </Tabs>
  );
}
