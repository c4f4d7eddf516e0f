import { createSignal, Show } from "solid-js";
import { headOf } from "../../model/detail/detail.ts";
import { formatByteAmount } from "../../model/frames/bytes.ts";

/**
 * Text that may be megabytes long: the first 64 KiB at once, the rest when asked for, so a
 * 10 MB frame never freezes the page by accident. Rendered as text, never as markup.
 */
export function LongText(props: { text: string }) {
  const [full, setFull] = createSignal(false);
  const shown = () => (full() ? { head: props.text, omitted: 0 } : headOf(props.text));
  return (
    <div class="long-text">
      <pre class="mono detail-pre">{shown().head}</pre>
      <Show when={shown().omitted > 0}>
        <p class="muted">
          Showing the first {formatByteAmount(shown().head.length)} of{" "}
          {formatByteAmount(props.text.length)}.{" "}
          <button type="button" class="button small" onClick={() => setFull(true)}>
            Show all
          </button>
        </p>
      </Show>
    </div>
  );
}
