import { For, Show } from "solid-js";
import { describePending, formatLatency } from "../../model/protocol/protocol-forms.ts";
import { useSession } from "../../state/session-context.ts";
import { download } from "../shared/download.ts";

/**
 * Requests paired with their replies: how many wait (and the oldest's age), and per method,
 * event or operation the count, p50, p95 and max latency, errors and unanswered requests.
 */
export function PairingStats() {
  const { protocol } = useSession();
  const pairing = () => protocol.status()?.pairing;
  const names = () => pairing()?.names ?? [];
  return (
    <section class="pairing-stats" aria-label="Requests and replies">
      <div class="protocol-row">
        <span class="pending" role="status" aria-label="Pending">
          {describePending(
            pairing()?.pending ?? 0,
            pairing()?.oldestPendingTime ?? Number.NaN,
            protocol.now(),
          )}
        </span>
        <button
          type="button"
          class="button small"
          disabled={names().length === 0}
          onClick={() => download("requests-by-name.csv", protocol.csv(), "text/csv")}
        >
          Export CSV
        </button>
        <button type="button" class="button small" onClick={() => protocol.resetStats()}>
          Reset statistics
        </button>
      </div>
      <table class="protocol-table" aria-label="Requests by name">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Count</th>
            <th scope="col">p50</th>
            <th scope="col">p95</th>
            <th scope="col">Max</th>
            <th scope="col">Errors</th>
            <th scope="col">Unanswered</th>
          </tr>
        </thead>
        <tbody>
          <For
            each={names()}
            fallback={
              <tr>
                <td colSpan={7} class="muted">
                  No requests yet
                </td>
              </tr>
            }
          >
            {(row) => (
              <tr>
                <th scope="row" class="mono">
                  {row.name}
                </th>
                <td class="mono">{row.count}</td>
                <td class="mono">{formatLatency(row.p50)}</td>
                <td class="mono">{formatLatency(row.p95)}</td>
                <td class="mono">{formatLatency(row.max)}</td>
                <td class="mono">{row.errors}</td>
                <td class="mono">{row.unanswered}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <p class="muted protocol-hint">
        Latency runs from a request to its first reply, both stamped in the capture worker.
        <Show when={(pairing()?.unmatched ?? 0) > 0}>
          {" "}
          {pairing()?.unmatched} replies matched no waiting request.
        </Show>
        <Show when={(pairing()?.evicted ?? 0) > 0}>
          {" "}
          {pairing()?.evicted} requests were given up: at most 10,000 wait at once.
        </Show>
      </p>
    </section>
  );
}
