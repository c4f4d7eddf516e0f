import { createMemo, createSignal, createUniqueId, For, Match, Show, Switch } from "solid-js";
import {
  checkRelayForm,
  headerField,
  type RelayForm,
  type RelayFormField,
} from "../../model/connect/relay-settings.ts";

/** A field's message under it, and the attributes that tie the field to it. */
function makeFieldMessage(problem: () => string | undefined) {
  // Unique per field and per mount: this panel appears once per session tab.
  const id = createUniqueId();
  return {
    invalid: () => (problem() ? ("true" as const) : undefined),
    describedBy: () => (problem() ? id : undefined),
    Message: () => (
      <Show when={problem()}>
        <span id={id} class="field-error field-message">
          {problem()}
        </span>
      </Show>
    ),
  };
}

/**
 * The relay's settings: handshake headers (with an Authorization helper), an Origin override,
 * the handshake timeout, redirects and auto-pong. A page cannot set any of these itself. Each
 * field is checked by the relay's own rules; a field's problem shows under it once the field
 * was left, or once the user tried to connect (`revealed`).
 */
export function RelaySettingsPanel(props: {
  form: RelayForm;
  onChange: (form: RelayForm) => void;
  onAutoPong: (enabled: boolean) => void;
  /** Show every problem, touched or not (after a refused Connect). */
  revealed: boolean;
}) {
  const update = (patch: Partial<RelayForm>) => props.onChange({ ...props.form, ...patch });
  const setHeader = (index: number, patch: Partial<RelayForm["headers"][number]>) =>
    update({
      headers: props.form.headers.map((header, i) =>
        i === index ? { ...header, ...patch } : header,
      ),
    });
  const auth = () => props.form.auth;
  const problems = createMemo(() => checkRelayForm(props.form));
  const [touched, setTouched] = createSignal<ReadonlySet<RelayFormField>>(new Set());
  const touch = (field: RelayFormField) => () => {
    if (!touched().has(field)) setTouched(new Set([...touched(), field]));
  };
  const problem = (field: RelayFormField) => () =>
    props.revealed || touched().has(field)
      ? problems().find((found) => found.field === field)?.message
      : undefined;

  const token = makeFieldMessage(problem("auth.token"));
  const user = makeFieldMessage(problem("auth.user"));
  const password = makeFieldMessage(problem("auth.password"));
  const origin = makeFieldMessage(problem("origin"));
  const timeout = makeFieldMessage(problem("handshakeTimeoutMs"));
  const headerCount = problem("headers");

  return (
    <fieldset class="relay-settings">
      <legend class="field-label">
        Relay settings (the bundled server dials the target for you)
      </legend>
      <div class="relay-headers">
        <For each={props.form.headers}>
          {(header, index) => {
            const name = makeFieldMessage(() => problem(headerField(index(), "name"))());
            const value = makeFieldMessage(() => problem(headerField(index(), "value"))());
            return (
              <div class="header-entry">
                <div class="header-row">
                  <input
                    class="input mono"
                    aria-label="Header name"
                    placeholder="X-Api-Key"
                    value={header.name}
                    aria-invalid={name.invalid()}
                    aria-describedby={name.describedBy()}
                    onInput={(e) => setHeader(index(), { name: e.currentTarget.value })}
                    onBlur={() => touch(headerField(index(), "name"))()}
                  />
                  <input
                    class="input mono"
                    aria-label="Header value"
                    value={header.value}
                    aria-invalid={value.invalid()}
                    aria-describedby={value.describedBy()}
                    onInput={(e) => setHeader(index(), { value: e.currentTarget.value })}
                    onBlur={() => touch(headerField(index(), "value"))()}
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
                <name.Message />
                <value.Message />
              </div>
            );
          }}
        </For>
        <button
          type="button"
          class="button small"
          onClick={() => update({ headers: [...props.form.headers, { name: "", value: "" }] })}
        >
          Add header
        </button>
        <Show when={headerCount()}>
          <span class="field-error field-message">{headerCount()}</span>
        </Show>
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
              <div class="field">
                <label class="field">
                  <span class="field-label">Token</span>
                  <input
                    class="input mono"
                    value={(current() as { token: string }).token}
                    aria-invalid={token.invalid()}
                    aria-describedby={token.describedBy()}
                    onInput={(e) =>
                      update({ auth: { kind: "bearer", token: e.currentTarget.value } })
                    }
                    onBlur={touch("auth.token")}
                  />
                </label>
                <token.Message />
              </div>
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
                <div class="field">
                  <label class="field">
                    <span class="field-label">User</span>
                    <input
                      class="input"
                      value={current().user}
                      aria-invalid={user.invalid()}
                      aria-describedby={user.describedBy()}
                      onInput={(e) =>
                        update({ auth: { ...current(), user: e.currentTarget.value } })
                      }
                      onBlur={touch("auth.user")}
                    />
                  </label>
                  <user.Message />
                </div>
                <div class="field">
                  <label class="field">
                    <span class="field-label">Password</span>
                    <input
                      class="input"
                      type="password"
                      value={current().password}
                      aria-invalid={password.invalid()}
                      aria-describedby={password.describedBy()}
                      onInput={(e) =>
                        update({ auth: { ...current(), password: e.currentTarget.value } })
                      }
                      onBlur={touch("auth.password")}
                    />
                  </label>
                  <password.Message />
                </div>
              </>
            )}
          </Match>
        </Switch>
        <div class="field">
          <label class="field">
            <span class="field-label">Origin</span>
            <input
              class="input mono"
              placeholder="(none)"
              value={props.form.origin}
              aria-invalid={origin.invalid()}
              aria-describedby={origin.describedBy()}
              onInput={(e) => update({ origin: e.currentTarget.value })}
              onBlur={touch("origin")}
            />
          </label>
          <origin.Message />
        </div>
        <div class="field">
          <label class="field narrow">
            <span class="field-label">Handshake timeout (ms)</span>
            <input
              class="input"
              inputMode="numeric"
              value={props.form.handshakeTimeoutMs}
              aria-invalid={timeout.invalid()}
              aria-describedby={timeout.describedBy()}
              onInput={(e) => update({ handshakeTimeoutMs: e.currentTarget.value })}
              onBlur={touch("handshakeTimeoutMs")}
            />
          </label>
          <timeout.Message />
        </div>
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
        <label
          class="checkbox"
          title="Save the token, the password and secret header values with the workspace (in this browser's storage); off, they are forgotten on reload"
        >
          <input
            type="checkbox"
            checked={props.form.rememberSecrets}
            onChange={(e) => update({ rememberSecrets: e.currentTarget.checked })}
          />
          Remember secrets
        </label>
      </div>
    </fieldset>
  );
}
