import { createSignal, For, Show } from "solid-js";
import { checkNamespace } from "../../../../echo-server/protocol/sessions/socketio.ts";
import { checkArguments, checkJsonField } from "../../model/protocol/protocol-forms.ts";
import { useSession } from "../../state/session-context.ts";
import { createOutcome, OutcomeLine } from "./outcome.tsx";

/**
 * Socket.IO: the namespace to connect (with an auth payload) and the emit composer. The session
 * connects the namespace on its own when Engine.IO opens; "Connect namespace" does it now.
 */
export function SocketIoForm() {
  const { protocol, connection } = useSession();
  const [namespace, setNamespace] = createSignal(protocol.socketIo().namespace);
  const [auth, setAuth] = createSignal("");
  const [event, setEvent] = createSignal("echo");
  const [args, setArgs] = createSignal('["hello"]');
  const [ack, setAck] = createSignal(true);
  const result = createOutcome();
  const open = () => connection.status().state === "open";
  const session = () => {
    const state = protocol.status()?.session;
    return state?.protocol === "socketio" ? state : undefined;
  };

  /**
   * The namespace and auth as typed, checked; they are kept too, for the session to connect
   * when the next connection opens.
   */
  function target() {
    const problem = checkNamespace(namespace());
    if (problem) return result.fail(problem);
    const payload = checkJsonField(auth(), "Auth", "object");
    if (!payload.ok) return result.fail(payload.error);
    protocol.setSocketIo({
      namespace: namespace(),
      ...(payload.value !== undefined ? { auth: payload.value } : {}),
    });
    return { namespace: namespace(), auth: payload.value };
  }

  function connectNamespace() {
    const chosen = target();
    if (!chosen) return;
    result.run(
      protocol.act({
        kind: "socketio-connect",
        namespace: chosen.namespace,
        ...(chosen.auth !== undefined ? { auth: chosen.auth } : {}),
      }),
      () => `Connecting ${chosen.namespace}`,
    );
  }

  function emit(submit: SubmitEvent) {
    submit.preventDefault();
    const chosen = target();
    if (!chosen) return;
    const checked = checkArguments(args());
    if (!checked.ok) return result.fail(checked.error);
    result.run(
      protocol.act({
        kind: "emit",
        namespace: chosen.namespace,
        event: event(),
        args: checked.value,
        ack: ack(),
      }),
      (id) => (id !== undefined ? `Emitted ${event()} with ack ${id}` : `Emitted ${event()}`),
    );
  }

  return (
    <form class="protocol-form" aria-label="Socket.IO" onSubmit={emit}>
      <div class="protocol-row">
        <label class="field">
          <span class="field-label">Namespace</span>
          <input
            class="input mono protocol-short"
            value={namespace()}
            onInput={(e) => setNamespace(e.currentTarget.value)}
            onChange={target}
            spellcheck={false}
          />
        </label>
        <label class="field protocol-grow">
          <span class="field-label">Auth</span>
          <input
            class="input mono"
            value={auth()}
            placeholder='{"token": "…"}'
            onInput={(e) => setAuth(e.currentTarget.value)}
            onChange={target}
            spellcheck={false}
          />
        </label>
        <button type="button" class="button" disabled={!open()} onClick={connectNamespace}>
          Connect namespace
        </button>
      </div>
      <Show when={session()?.namespaces.length}>
        <ul class="protocol-list protocol-chips" aria-label="Namespaces">
          <For each={session()?.namespaces}>
            {(item) => (
              <li>
                <span class="mono">{item.name}</span> {item.state}
                {item.sid ? ` (sid ${item.sid})` : ""}
                {item.error ? `: ${item.error}` : ""}
              </li>
            )}
          </For>
        </ul>
      </Show>
      <div class="protocol-row">
        <label class="field">
          <span class="field-label">Event</span>
          <input
            class="input mono"
            value={event()}
            onInput={(e) => setEvent(e.currentTarget.value)}
            spellcheck={false}
          />
        </label>
        <label class="field protocol-grow">
          <span class="field-label">Arguments</span>
          <textarea
            class="input mono"
            rows={1}
            value={args()}
            placeholder='["hello", {"n": 1}, {"$bytes": "de ad"}]'
            onInput={(e) => setArgs(e.currentTarget.value)}
            spellcheck={false}
          />
        </label>
        <label class="checkbox">
          <input
            type="checkbox"
            checked={ack()}
            onChange={(e) => setAck(e.currentTarget.checked)}
          />
          Ack
        </label>
        <button type="submit" class="button primary" disabled={!open()}>
          Emit
        </button>
      </div>
      <p class="muted protocol-hint">
        Arguments are a JSON array; {'{"$bytes": "<hex>"}'} is a binary attachment. Pings are
        answered for you{session() ? ` (${session()?.pongs} so far)` : ""}.
      </p>
      <OutcomeLine outcome={result.outcome()} />
    </form>
  );
}
