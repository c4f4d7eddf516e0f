import { For, Match, Switch } from "solid-js";
import type { RelayForm } from "../../model/relay-settings.ts";
import { NumberField } from "../shared/NumberField.tsx";

/**
 * The relay's settings: handshake headers (with an Authorization helper), an Origin override,
 * the handshake timeout, redirects and auto-pong. A page cannot set any of these itself.
 */
export function RelaySettingsPanel(props: {
  form: RelayForm;
  onChange: (form: RelayForm) => void;
  onAutoPong: (enabled: boolean) => void;
}) {
  const update = (patch: Partial<RelayForm>) => props.onChange({ ...props.form, ...patch });
  const setHeader = (index: number, patch: Partial<RelayForm["headers"][number]>) =>
    update({
      headers: props.form.headers.map((header, i) =>
        i === index ? { ...header, ...patch } : header,
      ),
    });
  const auth = () => props.form.auth;

  return (
    <fieldset class="relay-settings">
      <legend class="field-label">
        Relay settings (the bundled server dials the target for you)
      </legend>
      <div class="relay-headers">
        <For each={props.form.headers}>
          {(header, index) => (
            <div class="header-row">
              <input
                class="input mono"
                aria-label="Header name"
                placeholder="X-Api-Key"
                value={header.name}
                onInput={(e) => setHeader(index(), { name: e.currentTarget.value })}
              />
              <input
                class="input mono"
                aria-label="Header value"
                value={header.value}
                onInput={(e) => setHeader(index(), { value: e.currentTarget.value })}
              />
              <button
                type="button"
                class="button small"
                aria-label={`Remove header ${header.name || index() + 1}`}
                onClick={() =>
                  update({ headers: props.form.headers.filter((_, i) => i !== index()) })
                }
              >
                ✕
              </button>
            </div>
          )}
        </For>
        <button
          type="button"
          class="button small"
          onClick={() => update({ headers: [...props.form.headers, { name: "", value: "" }] })}
        >
          Add header
        </button>
      </div>
      <div class="relay-options">
        <label class="field">
          <span class="field-label">Authorization</span>
          <select
            class="input"
            value={auth().kind}
            onChange={(e) => {
              const kind = e.currentTarget.value;
              update({
                auth:
                  kind === "bearer"
                    ? { kind, token: "" }
                    : kind === "basic"
                      ? { kind, user: "", password: "" }
                      : { kind: "none" },
              });
            }}
          >
            <option value="none">None</option>
            <option value="bearer">Bearer token</option>
            <option value="basic">Basic (user and password)</option>
          </select>
        </label>
        <Switch>
          <Match when={auth().kind === "bearer" && auth()}>
            {(current) => (
              <label class="field">
                <span class="field-label">Token</span>
                <input
                  class="input mono"
                  value={(current() as { token: string }).token}
                  onInput={(e) =>
                    update({ auth: { kind: "bearer", token: e.currentTarget.value } })
                  }
                />
              </label>
            )}
          </Match>
          <Match
            when={
              auth().kind === "basic" &&
              (auth() as { kind: "basic"; user: string; password: string })
            }
          >
            {(current) => (
              <>
                <label class="field">
                  <span class="field-label">User</span>
                  <input
                    class="input"
                    value={current().user}
                    onInput={(e) => update({ auth: { ...current(), user: e.currentTarget.value } })}
                  />
                </label>
                <label class="field">
                  <span class="field-label">Password</span>
                  <input
                    class="input"
                    type="password"
                    value={current().password}
                    onInput={(e) =>
                      update({ auth: { ...current(), password: e.currentTarget.value } })
                    }
                  />
                </label>
              </>
            )}
          </Match>
        </Switch>
        <label class="field">
          <span class="field-label">Origin</span>
          <input
            class="input mono"
            placeholder="(none)"
            value={props.form.origin}
            onInput={(e) => update({ origin: e.currentTarget.value })}
          />
        </label>
        <NumberField
          label="Handshake timeout (ms)"
          value={props.form.handshakeTimeoutMs}
          onValue={(value) => update({ handshakeTimeoutMs: value })}
        />
        <label class="checkbox">
          <input
            type="checkbox"
            checked={props.form.followRedirects}
            onChange={(e) => update({ followRedirects: e.currentTarget.checked })}
          />
          Follow redirects
        </label>
        <label
          class="checkbox"
          title="Answer the server's pings; turn off to see how the server times out"
        >
          <input
            type="checkbox"
            checked={props.form.autoPong}
            onChange={(e) => {
              update({ autoPong: e.currentTarget.checked });
              props.onAutoPong(e.currentTarget.checked);
            }}
          />
          Auto-pong
        </label>
      </div>
    </fieldset>
  );
}
