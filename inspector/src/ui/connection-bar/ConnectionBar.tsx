import { TextField } from "@kobalte/core/text-field";
import { createSignal, Show } from "solid-js";
import { describeStatus, isLive as isLiveStatus } from "../../model/connect/connection-status.ts";
import { relaySettingsFrom } from "../../model/connect/relay-settings.ts";
import { checkWebSocketUrl, parseSubprotocols } from "../../model/connect/url.ts";
import { useSession } from "../../state/session-context.ts";
import { useWorkspace } from "../../state/workspace-context.ts";
import { CopyAsMenu } from "./CopyAsMenu.tsx";
import { PlaygroundMenu } from "./PlaygroundMenu.tsx";
import { RecentMenu } from "./RecentMenu.tsx";
import { RelaySettingsPanel } from "./RelaySettingsPanel.tsx";

/** The bundled server's relay, on the inspector's own origin. */
const relayUrl = () => `${location.origin.replace(/^http/, "ws")}/relay`;

/** URL, subprotocols, Connect/Disconnect, relay settings and the connection status. */
export function ConnectionBar() {
  const { connection, settings } = useSession();
  const workspace = useWorkspace();
  const [urlError, setUrlError] = createSignal("");
  const [protocolsError, setProtocolsError] = createSignal("");
  const [relayError, setRelayError] = createSignal("");
  /** After a refused Connect, the relay form shows every problem, not only those of left fields. */
  const [relayRevealed, setRelayRevealed] = createSignal(false);
  let form!: HTMLFormElement;

  const status = () => connection.status();
  const isLive = () => isLiveStatus(status());

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
    const relay = settings.viaRelay() ? relaySettingsFrom(settings.relay(), relayUrl()) : undefined;
    if (relay && !relay.ok) {
      setRelayRevealed(true);
      setRelayError("Fix the relay settings first: the field with a problem says what is wrong.");
      // The message sits under the field; take the user there.
      queueMicrotask(() =>
        form.querySelector<HTMLElement>('.relay-settings [aria-invalid="true"]')?.focus(),
      );
    } else setRelayError("");
    if (!urlCheck.ok || !protocolsCheck.ok || (relay && !relay.ok)) return;
    workspace.remember(urlCheck.url);
    connection.connect(urlCheck.url, protocolsCheck.protocols, {
      reconnect: settings.reconnect(),
      ...(relay?.ok ? { relay: relay.settings } : {}),
    });
  }

  return (
    <form class="connection-bar" onSubmit={submit} aria-label="Connection" ref={form}>
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
        <TextField.Input class="input mono" spellcheck={false} autocomplete="off" />
        <TextField.ErrorMessage class="field-error">{urlError()}</TextField.ErrorMessage>
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
        />
        <TextField.ErrorMessage class="field-error">{protocolsError()}</TextField.ErrorMessage>
      </TextField>
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
          onChange={(event) => settings.setViaRelay(event.currentTarget.checked)}
        />
        <span class="switch-track" aria-hidden="true" />
        Via relay
      </label>
      <label class="checkbox" title="Reconnect with exponential backoff when the connection drops">
        <input
          type="checkbox"
          checked={settings.reconnect()}
          onChange={(event) => settings.setReconnect(event.currentTarget.checked)}
        />
        Auto-reconnect
      </label>
      <button type="submit" class={isLive() ? "button danger" : "button primary"}>
        {isLive() ? "Disconnect" : "Connect"}
      </button>
      <output aria-label="Connection status" class="connection-status" data-state={status().state}>
        {describeStatus(status())}
      </output>
      <Show when={settings.viaRelay()}>
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
      </Show>
      <Show when={relayError()}>
        <p class="field-error" role="alert">
          {relayError()}
        </p>
      </Show>
      <Show when={connection.diagnosis()}>
        <p class="diagnosis" role="alert" aria-label="Why the connection failed">
          {connection.diagnosis()}
        </p>
      </Show>
    </form>
  );
}
