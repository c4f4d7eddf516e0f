import { For, Show } from "solid-js";
import type { HeaderList } from "../../../../echo-server/protocol/relay-wire.ts";
import { redirectHops } from "../../model/connect/handshake.ts";
import { formatClockTimeMicros, formatDuration } from "../../model/log/time.ts";
import { useSession } from "../../state/session-context.ts";

function HeaderTable(props: { label: string; headers: HeaderList }) {
  return (
    <table class="header-table" aria-label={props.label}>
      <tbody>
        <For each={props.headers}>
          {([name, value]) => (
            <tr>
              <th scope="row" class="mono">
                {name}
              </th>
              <td class="mono">{value}</td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );
}

/**
 * The "Handshake" region: the redirects the relay followed (in order), then the upgrade request
 * and response it saw, and their timing.
 */
export function HandshakePanel() {
  const { connection } = useSession();
  return (
    <section class="handshake" aria-label="Handshake">
      <Show
        when={connection.handshake()}
        fallback={
          <p class="muted">
            A page cannot see its own handshake. Connect with <strong>Via relay</strong> on to see
            the request and response headers, the status and the timing.
          </p>
        }
      >
        {(handshake) => (
          <>
            <Show when={redirectHops(handshake()).length > 0}>
              <ol class="handshake-redirects" aria-label="Redirects">
                <For each={redirectHops(handshake())}>
                  {(hop) => (
                    <li>
                      <span class="mono">{hop.request}</span> →{" "}
                      <span class="mono">{hop.status}</span>
                      <Show when={hop.location}>
                        , Location: <span class="mono">{hop.location}</span>
                      </Show>
                    </li>
                  )}
                </For>
              </ol>
            </Show>
            <div class="handshake-grid">
              <div>
                <h3 class="handshake-title mono">
                  {handshake().request.method} {handshake().request.url}
                </h3>
                <HeaderTable label="Request headers" headers={handshake().request.headers} />
              </div>
              <div>
                <Show
                  when={handshake().response}
                  fallback={<h3 class="handshake-title">No response</h3>}
                >
                  {(response) => (
                    <>
                      <h3 class="handshake-title mono" aria-label="Response status">
                        {response().status} {response().statusText}
                      </h3>
                      <HeaderTable label="Response headers" headers={response().headers} />
                      <Show when={response().body}>
                        <pre class="mono detail-pre">{response().body}</pre>
                      </Show>
                    </>
                  )}
                </Show>
                <p class="muted">
                  Sent at {formatClockTimeMicros(handshake().startedAt)} (relay clock); answered in{" "}
                  {formatDuration(handshake().durationMs)}.
                </p>
              </div>
            </div>
          </>
        )}
      </Show>
    </section>
  );
}
