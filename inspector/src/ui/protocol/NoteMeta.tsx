import { Show } from "solid-js";
import { PROTOCOL_NAMES } from "../../../../echo-server/protocol/sessions/types.ts";
import { formatDuration } from "../../model/log/time.ts";
import { useSession } from "../../state/session-context.ts";

/**
 * What the session's protocol made of frame `id`, as entries of the detail pane's list: the
 * packet in a line, its reply latency, and how it broke the protocol.
 */
export function NoteMeta(props: { id: number }) {
  const { protocol } = useSession();
  const note = () => protocol.note(props.id);
  return (
    <Show when={note()}>
      {(shown) => (
        <>
          <dt>{PROTOCOL_NAMES[shown().protocol]}</dt>
          <dd class="mono">{shown().summary}</dd>
          <Show when={shown().latencyMs !== undefined}>
            <dt>Latency</dt>
            <dd class="mono">
              {formatDuration(shown().latencyMs ?? 0)}
              {shown().error ? ` (error: ${shown().error})` : ""}
            </dd>
          </Show>
          <Show when={shown().problem}>
            <dt>Problem</dt>
            <dd class="field-error">{shown().problem}</dd>
          </Show>
        </>
      )}
    </Show>
  );
}
