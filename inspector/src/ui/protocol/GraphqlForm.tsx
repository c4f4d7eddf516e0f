import { createSignal, For, Show } from "solid-js";
import { checkJsonField } from "../../model/protocol/protocol-forms.ts";
import { useSession } from "../../state/session-context.ts";
import { createOutcome, OutcomeLine } from "./outcome.tsx";

const EXAMPLE = "subscription { tick(count: 5, interval: 500) { seq ts } }";

/**
 * GraphQL over WebSocket: the connection_init payload, the subscribe composer, and the
 * operations with their next messages, each of which can be completed from here.
 */
export function GraphqlForm() {
  const { protocol, connection } = useSession();
  const [init, setInit] = createSignal("");
  const [query, setQuery] = createSignal(EXAMPLE);
  const [variables, setVariables] = createSignal("");
  const [operationName, setOperationName] = createSignal("");
  const result = createOutcome();
  const open = () => connection.status().state === "open";
  const session = () => {
    const state = protocol.status()?.session;
    return state?.protocol === "graphql-ws" ? state : undefined;
  };
  /** The operations' ids, newest first. */
  const operationIds = () => (session()?.operations ?? []).map((item) => item.id).reverse();

  /** The init payload as typed, checked, and kept for the next connection. */
  function initPayload() {
    const checked = checkJsonField(init(), "Init payload", "object");
    if (!checked.ok) {
      result.fail(checked.error);
      return undefined;
    }
    protocol.setGraphqlInit(checked.value);
    return checked;
  }

  function sendInit() {
    const checked = initPayload();
    if (!checked) return;
    result.run(
      protocol.act({
        kind: "graphql-init",
        ...(checked.value !== undefined ? { payload: checked.value } : {}),
      }),
      () => "Sent connection_init",
    );
  }

  function subscribe(submit: SubmitEvent) {
    submit.preventDefault();
    const vars = checkJsonField(variables(), "Variables", "object");
    if (!vars.ok) return result.fail(vars.error);
    result.run(
      protocol.act({
        kind: "subscribe",
        query: query(),
        ...(vars.value !== undefined ? { variables: vars.value as Record<string, unknown> } : {}),
        ...(operationName().trim() ? { operationName: operationName().trim() } : {}),
      }),
      (id) => `Subscribed as operation ${id}`,
    );
  }

  function complete(id: string) {
    result.run(protocol.act({ kind: "complete", id }), () => `Completed operation ${id}`);
  }

  return (
    <form class="protocol-form" aria-label="GraphQL" onSubmit={subscribe}>
      <div class="protocol-row">
        <label class="field protocol-grow">
          <span class="field-label">Init payload</span>
          <input
            class="input mono"
            value={init()}
            placeholder='{"authorization": "Bearer …"}'
            onInput={(e) => setInit(e.currentTarget.value)}
            onChange={initPayload}
            spellcheck={false}
          />
        </label>
        <button
          type="button"
          class="button"
          disabled={!open() || session()?.acknowledged === true}
          onClick={sendInit}
        >
          Send connection_init
        </button>
        <button
          type="button"
          class="button"
          disabled={!open()}
          title="Send a ping; the server answers pong (both fold away with Heartbeats)"
          onClick={() => result.run(protocol.act({ kind: "graphql-ping" }), () => "Sent ping")}
        >
          Ping
        </button>
        <span class="muted protocol-state">
          {session()?.acknowledged ? "Acknowledged" : "Not acknowledged yet"}
        </span>
      </div>
      <label class="field">
        <span class="field-label">Query</span>
        <textarea
          class="input mono"
          rows={2}
          value={query()}
          onInput={(e) => setQuery(e.currentTarget.value)}
          spellcheck={false}
        />
      </label>
      <div class="protocol-row">
        <label class="field protocol-grow">
          <span class="field-label">Variables</span>
          <input
            class="input mono"
            value={variables()}
            placeholder='{"count": 3}'
            onInput={(e) => setVariables(e.currentTarget.value)}
            spellcheck={false}
          />
        </label>
        <label class="field">
          <span class="field-label">Operation name</span>
          <input
            class="input mono"
            value={operationName()}
            onInput={(e) => setOperationName(e.currentTarget.value)}
            spellcheck={false}
          />
        </label>
        <button type="submit" class="button primary" disabled={!open()}>
          Subscribe
        </button>
      </div>
      <OutcomeLine outcome={result.outcome()} />
      <Show when={session()?.operations.length}>
        <table class="protocol-table" aria-label="Operations">
          <thead>
            <tr>
              <th scope="col">Id</th>
              <th scope="col">Operation</th>
              <th scope="col">State</th>
              <th scope="col">Next messages</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {/* Rows keyed by operation id: each status brings new objects, and a row made
                anew would take its Complete button (and the focus on it) away mid-click. */}
            <For each={operationIds()}>
              {(id) => {
                const operation = () => session()?.operations.find((item) => item.id === id);
                const running = () =>
                  operation()?.state === "waiting" || operation()?.state === "active";
                return (
                  <tr>
                    <td class="mono">{id}</td>
                    <td>{operation()?.name}</td>
                    <td>
                      {operation()?.state}
                      {operation()?.error ? `: ${operation()?.error}` : ""}
                    </td>
                    <td class="mono">{operation()?.nexts}</td>
                    <td>
                      <Show when={running()}>
                        <button
                          type="button"
                          class="button small"
                          disabled={!open()}
                          onClick={() => complete(id)}
                        >
                          Complete
                        </button>
                      </Show>
                    </td>
                  </tr>
                );
              }}
            </For>
          </tbody>
        </table>
      </Show>
    </form>
  );
}
