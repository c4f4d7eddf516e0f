import { For, Match, Show, Switch } from "solid-js";
import {
  PROTOCOL_IDS,
  PROTOCOL_NAMES,
  type ProtocolId,
} from "../../../../echo-server/protocol/sessions/types.ts";
import { useSession } from "../../state/session-context.ts";
import { FieldPairingForm } from "./FieldPairingForm.tsx";
import { GraphqlForm } from "./GraphqlForm.tsx";
import { JsonRpcForm } from "./JsonRpcForm.tsx";
import { PairingStats } from "./PairingStats.tsx";
import { SocketIoForm } from "./SocketIoForm.tsx";
import "./protocol.css";

/**
 * The "Protocol" tab: which protocol the session speaks (detected, or chosen), the composer of
 * that protocol, and its requests paired with their replies.
 */
export function ProtocolPanel() {
  const { protocol } = useSession();
  const source = () => {
    const status = protocol.status();
    if (protocol.choice() !== "auto") return "Chosen by you";
    if (status?.source === "detected" && status.reason) return `Detected: ${status.reason}`;
    return "Detected from the URL, the subprotocol and the first frames";
  };
  return (
    <section class="protocol-panel" aria-label="Protocol">
      <div class="protocol-header">
        <label class="field inline">
          <span class="field-label">Protocol</span>
          <select
            class="input"
            value={protocol.protocol()}
            onChange={(event) => protocol.choose(event.currentTarget.value as ProtocolId)}
          >
            <For each={PROTOCOL_IDS}>
              {(id) => <option value={id}>{PROTOCOL_NAMES[id]}</option>}
            </For>
          </select>
        </label>
        <span class="muted">{source()}</span>
        <Show when={protocol.choice() !== "auto"}>
          <button type="button" class="link-button" onClick={() => protocol.choose("auto")}>
            Detect automatically
          </button>
        </Show>
        <Show when={protocol.status()?.lastProblem}>
          {(problem) => (
            <span class="warning protocol-problem" title={problem()}>
              {protocol.status()?.problems} {protocol.status()?.problems === 1 ? "frame" : "frames"}{" "}
              broke the protocol; the latest: {problem()}
            </span>
          )}
        </Show>
      </div>
      <div class="protocol-body">
        <div class="protocol-composer">
          <Switch>
            <Match when={protocol.protocol() === "socketio"}>
              <SocketIoForm />
            </Match>
            <Match when={protocol.protocol() === "graphql-ws"}>
              <GraphqlForm />
            </Match>
            <Match when={protocol.protocol() === "jsonrpc"}>
              <JsonRpcForm />
            </Match>
            <Match when={protocol.protocol() === "raw"}>
              <FieldPairingForm />
            </Match>
          </Switch>
        </div>
        <PairingStats />
      </div>
    </section>
  );
}
