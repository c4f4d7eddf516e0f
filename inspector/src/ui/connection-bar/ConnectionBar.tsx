import { TextField } from "@kobalte/core/text-field";
import { createSignal } from "solid-js";
import { describeStatus, isLive as isLiveStatus } from "../../model/connection-status.ts";
import { checkWebSocketUrl, parseSubprotocols } from "../../model/url.ts";
import type { Connection } from "../../state/connection.ts";
import { PlaygroundMenu } from "./PlaygroundMenu.tsx";

/** URL, subprotocols, Connect/Disconnect and the connection status. */
export function ConnectionBar(props: { connection: Connection; initialUrl: string }) {
  const [url, setUrl] = createSignal(props.initialUrl);
  const [protocols, setProtocols] = createSignal("");
  const [urlError, setUrlError] = createSignal("");
  const [protocolsError, setProtocolsError] = createSignal("");
  const [reconnect, setReconnect] = createSignal(false);

  const status = () => props.connection.status();
  const isLive = () => isLiveStatus(status());

  function submit(event: SubmitEvent) {
    event.preventDefault();
    if (isLive()) {
      props.connection.disconnect();
      return;
    }
    const urlCheck = checkWebSocketUrl(url());
    const protocolsCheck = parseSubprotocols(protocols());
    setUrlError(urlCheck.ok ? "" : urlCheck.error);
    setProtocolsError(protocolsCheck.ok ? "" : protocolsCheck.error);
    if (urlCheck.ok && protocolsCheck.ok) {
      props.connection.connect(urlCheck.url, protocolsCheck.protocols, { reconnect: reconnect() });
    }
  }

  return (
    <form class="connection-bar" onSubmit={submit} aria-label="Connection">
      <TextField
        class="field url-field"
        value={url()}
        onChange={(value) => {
          setUrl(value);
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
        value={protocols()}
        onChange={(value) => {
          setProtocols(value);
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
          setUrl(picked);
          setUrlError("");
        }}
      />
      <label class="checkbox" title="Reconnect with exponential backoff when the connection drops">
        <input
          type="checkbox"
          checked={reconnect()}
          onChange={(event) => setReconnect(event.currentTarget.checked)}
        />
        Auto-reconnect
      </label>
      <button type="submit" class={isLive() ? "button danger" : "button primary"}>
        {isLive() ? "Disconnect" : "Connect"}
      </button>
      <output aria-label="Connection status" class="connection-status" data-state={status().state}>
        {describeStatus(status())}
      </output>
    </form>
  );
}
