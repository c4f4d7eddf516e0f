import { TextField } from "@kobalte/core/text-field";
import { createEffect, createSignal, createUniqueId, onCleanup, Show } from "solid-js";
import { describeStatus, isLive as isLiveStatus } from "../../model/connect/connection-status.ts";
import { relaySettingsFrom } from "../../model/connect/relay-settings.ts";
import { checkWebSocketUrl, parseSubprotocols } from "../../model/connect/url.ts";
import { useSession } from "../../state/session-context.ts";
import { useWorkspace } from "../../state/workspace-context.ts";
import { ariaKeysFor } from "../keyboard/keyboard-shortcuts.ts";
import { Toast } from "../layout/toasts.tsx";
import { CopyAsMenu } from "./CopyAsMenu.tsx";
import { PlaygroundMenu } from "./PlaygroundMenu.tsx";
import { RecentMenu } from "./RecentMenu.tsx";
import { RelaySettingsPanel } from "./RelaySettingsPanel.tsx";

/** The bundled server's relay, on the inspector's own origin. */
const relayUrl = () => `${location.origin.replace(/^http/, "ws")}/relay`;

/**
 * URL, subprotocols, the menus, the relay switch, Connect/Disconnect and the connection status,
 * on one line of fixed height (two in a narrow split session). Nothing here grows the bar or moves
 * a control: the relay settings open in a drawer over the log, a field's problem shows under it
 * over what is below while the field has focus or the pointer (the field stays marked invalid), the status sits in the label line above the buttons (cut with an
 * ellipsis, whole in its title), and the reason a connection failed shows as a toast.
 */
export function ConnectionBar() {
  const { connection, settings, commands } = useSession();
  const workspace = useWorkspace();
  const { environment } = useSession();
  const [urlError, setUrlError] = createSignal("");
  const [protocolsError, setProtocolsError] = createSignal("");
  const [relayError, setRelayError] = createSignal("");
  /** After a refused Connect, the relay form shows every problem, not only those of left fields. */
  const [relayRevealed, setRelayRevealed] = createSignal(false);
  const [drawerOpen, setDrawerOpen] = createSignal(false);
  /** The diagnosis the user dismissed; a new one shows again. */
  const [dismissed, setDismissed] = createSignal<string>();
  // Unique per mount: every session tab has a connection bar.
  const drawerId = createUniqueId();
  let drawer!: HTMLDivElement;
  let drawerToggle!: HTMLButtonElement;
  let bar!: HTMLFormElement;
  let urlInput!: HTMLInputElement;
  let protocolsInput!: HTMLInputElement;
  /** A Connect is under way: once open, the message box takes focus (see below). */
  let focusMessageOnOpen = false;

  commands.handle("focus-url", () => {
    urlInput.focus();
    urlInput.select();
    return true;
  });

  const status = () => connection.status();
  const isLive = () => isLiveStatus(status());
  const diagnosis = () => {
    const text = connection.diagnosis();
    return text && text !== dismissed() ? text : undefined;
  };

  function closeDrawer(options: { refocus: boolean }) {
    setDrawerOpen(false);
    if (options.refocus) drawerToggle.focus();
  }

  // Connected by its button or by Enter in a field, the next thing to do is write a message: focus
  // goes to the message box, unless the user moved it elsewhere meanwhile (or the Compose tab is
  // not the one shown: the button then keeps focus, now reading Disconnect).
  createEffect(() => {
    const state = status().state;
    if (!focusMessageOnOpen || state === "connecting") return;
    focusMessageOnOpen = false;
    const focused = document.activeElement;
    const stayed = !focused || focused === document.body || bar.contains(focused);
    if (state === "open" && stayed) commands.run("focus-message", { reveal: false });
  });

  // A click anywhere but the drawer and its button closes it, as a popover does.
  createEffect(() => {
    if (!drawerOpen()) return;
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!drawer.contains(target) && !drawerToggle.contains(target)) {
        closeDrawer({ refocus: false });
      }
    };
    document.addEventListener("pointerdown", onPointerDown, true);
    onCleanup(() => document.removeEventListener("pointerdown", onPointerDown, true));
  });

  function submit(event: SubmitEvent) {
    event.preventDefault();
    if (isLive()) {
      connection.disconnect();
      return;
    }
    const urlCheck = checkWebSocketUrl(settings.url(), settings.viaRelay() ? "relay" : "direct");
    const protocolsCheck = parseSubprotocols(settings.protocols());
    setUrlError(urlCheck.ok ? "" : urlCheck.error);
    setProtocolsError(protocolsCheck.ok ? "" : protocolsCheck.error);
    const relay = settings.viaRelay()
      ? relaySettingsFrom(settings.relay(), relayUrl(), environment.values())
      : undefined;
    if (relay && !relay.ok) {
      setRelayRevealed(true);
      // A variable the environment does not set is no field's own problem: say it here.
      setRelayError(
        relay.unset
          ? `Fix the relay settings first: ${relay.error}.`
          : "Fix the relay settings first: the field with a problem says what is wrong.",
      );
      setDrawerOpen(true);
      // The message sits under the field, in the drawer; take the user there.
      queueMicrotask(() => drawer.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
    } else setRelayError("");
    // A field's problem shows under it while it has focus: take the user to the first one.
    const invalidField = !urlCheck.ok ? urlInput : !protocolsCheck.ok ? protocolsInput : undefined;
    if (invalidField) queueMicrotask(() => invalidField.focus());
    if (!urlCheck.ok || !protocolsCheck.ok || (relay && !relay.ok)) return;
    setDismissed(undefined);
    focusMessageOnOpen = true;
    workspace.remember(urlCheck.url);
    connection.connect(urlCheck.url, protocolsCheck.protocols, {
      reconnect: settings.reconnect(),
      ...(relay?.ok ? { relay: relay.settings } : {}),
    });
  }

  return (
    <form class="connection-bar" onSubmit={submit} aria-label="Connection" ref={bar}>
      <TextField
        class="field url-field"
        value={settings.url()}
        onChange={(value) => {
          settings.setUrl(value);
          setUrlError("");
        }}
        validationState={urlError() ? "invalid" : "valid"}
      >
        <TextField.Label class="field-label">WebSocket URL</TextField.Label>
        <TextField.Input
          class="input mono"
          spellcheck={false}
          autocomplete="off"
          ref={urlInput}
          aria-keyshortcuts={ariaKeysFor("focus-url")}
        />
        <TextField.ErrorMessage class="field-error field-popup">
          {urlError()}
        </TextField.ErrorMessage>
      </TextField>
      <TextField
        class="field protocols-field"
        value={settings.protocols()}
        onChange={(value) => {
          settings.setProtocols(value);
          setProtocolsError("");
        }}
        validationState={protocolsError() ? "invalid" : "valid"}
      >
        <TextField.Label class="field-label">Subprotocols</TextField.Label>
        <TextField.Input
          class="input mono"
          placeholder="e.g. graphql-ws, json"
          spellcheck={false}
          ref={protocolsInput}
        />
        <TextField.ErrorMessage class="field-error field-popup">
          {protocolsError()}
        </TextField.ErrorMessage>
      </TextField>
      <div class="bar-actions">
        <PlaygroundMenu
          onPick={(picked) => {
            settings.setUrl(picked);
            setUrlError("");
          }}
        />
        <RecentMenu
          onPick={(picked) => {
            settings.setUrl(picked);
            setUrlError("");
          }}
        />
        <CopyAsMenu />
        <div class="relay-group">
          <label
            class="switch"
            title="Dial through the bundled server: custom headers, the handshake, ping/pong/close frames"
          >
            <input
              type="checkbox"
              role="switch"
              class="switch-input"
              checked={settings.viaRelay()}
              aria-checked={settings.viaRelay()}
              onChange={(event) => {
                settings.setViaRelay(event.currentTarget.checked);
                // Turning the relay on is the moment to set it up.
                if (event.currentTarget.checked) setDrawerOpen(true);
              }}
            />
            <span class="switch-track" aria-hidden="true" />
            Via relay
          </label>
          <button
            type="button"
            class="icon-button relay-toggle"
            ref={drawerToggle}
            aria-label="Relay settings"
            title="Relay settings: headers, Authorization, Origin, timeout"
            aria-expanded={drawerOpen()}
            aria-controls={drawerId}
            onClick={() => setDrawerOpen(!drawerOpen())}
          >
            <span class="sliders-icon" aria-hidden="true" />
          </button>
        </div>
        <label
          class="checkbox"
          title="Reconnect with exponential backoff when the connection drops"
        >
          <input
            type="checkbox"
            checked={settings.reconnect()}
            onChange={(event) => settings.setReconnect(event.currentTarget.checked)}
          />
          Auto-reconnect
        </label>
        <button
          type="submit"
          class={isLive() ? "button danger connect-button" : "button primary connect-button"}
        >
          {isLive() ? "Disconnect" : "Connect"}
        </button>
        <output
          aria-label="Connection status"
          class="connection-status"
          data-state={status().state}
          title={describeStatus(status())}
        >
          {describeStatus(status())}
        </output>
      </div>
      <div
        id={drawerId}
        role="dialog"
        aria-label="Relay settings"
        class="relay-drawer"
        ref={drawer}
        hidden={!drawerOpen()}
        onKeyDown={(event) => {
          if (event.key === "Escape") {
            event.preventDefault();
            closeDrawer({ refocus: true });
          }
        }}
      >
        <Show when={!settings.viaRelay()}>
          <p class="muted relay-off-note">
            The relay is off: these settings apply once "Via relay" is on.
          </p>
        </Show>
        <RelaySettingsPanel
          form={settings.relay()}
          onChange={(relay) => {
            settings.setRelay(relay);
            setRelayError("");
          }}
          revealed={relayRevealed()}
          onAutoPong={(enabled) => {
            if (connection.status().state === "open" && connection.via() === "relay") {
              connection.setAutoPong(enabled);
            }
          }}
        />
        <div class="drawer-footer">
          <Show when={relayError()}>
            <p class="field-error" role="alert">
              {relayError()}
            </p>
          </Show>
          <button type="button" class="button small" onClick={() => closeDrawer({ refocus: true })}>
            Done
          </button>
        </div>
      </div>
      <Show when={diagnosis()}>
        {(text) => (
          <Toast>
            <div class="toast toast-alert" role="alert" aria-label="Why the connection failed">
              <p class="toast-text">{text()}</p>
              <button
                type="button"
                class="link-button"
                onClick={() => setDismissed(connection.diagnosis())}
              >
                Dismiss
              </button>
            </div>
          </Toast>
        )}
      </Show>
    </form>
  );
}
