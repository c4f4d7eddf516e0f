import { createMemo, createSignal, For, Show } from "solid-js";
import { type AutoDecoded, decoderById, decodersFor } from "../../model/decoders/index.ts";
import type { Payload } from "../../model/frames/frame.ts";
import { JsonTree } from "./JsonTree.tsx";

/**
 * The "Decoded" tab: the payload through a format decoder (chosen from the subprotocol or the
 * content, or by hand), as a summary line and a tree.
 */
export function DecodedPanel(props: {
  payload: Payload;
  subprotocol: string;
  url: string;
  auto: AutoDecoded | null;
}) {
  const candidates = createMemo(() => decodersFor(props.payload));
  const [chosen, setChosen] = createSignal(props.auto?.decoder.id ?? candidates()[0]?.id ?? "");
  const decoded = createMemo(() => {
    const decoder = decoderById(chosen());
    return decoder ? decoder.decode(props.payload) : null;
  });
  return (
    <Show
      when={candidates().length > 0}
      fallback={<p class="muted">No decoder recognises this payload.</p>}
    >
      <label class="field inline">
        <span class="field-label">Decoder</span>
        <select class="input" value={chosen()} onChange={(e) => setChosen(e.currentTarget.value)}>
          <For each={candidates()}>
            {(decoder) => <option value={decoder.id}>{decoder.name}</option>}
          </For>
        </select>
      </label>
      <Show when={decoded()} fallback={<p class="muted">This decoder cannot read the payload.</p>}>
        {(result) => (
          <>
            <p class="decoded-summary mono">{result().summary}</p>
            <JsonTree value={result().value} />
          </>
        )}
      </Show>
    </Show>
  );
}
