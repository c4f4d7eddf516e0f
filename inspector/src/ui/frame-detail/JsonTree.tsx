import { createSignal, For, Show } from "solid-js";
import { childCount, childrenOf, isContainer, jsonSummary } from "../../model/detail/json.ts";

/** Children shown per page of a large array or object. */
const PAGE = 100;

/** A collapsible JSON tree that builds only the nodes the user opens. */
export function JsonTree(props: { value: unknown }) {
  return (
    <ul class="json-tree mono" aria-label="JSON tree">
      <JsonNode name="(root)" value={props.value} expanded />
    </ul>
  );
}

function JsonNode(props: { name: string; value: unknown; expanded?: boolean }) {
  const [open, setOpen] = createSignal(props.expanded ?? false);
  const [shown, setShown] = createSignal(PAGE);
  const container = isContainer(props.value) ? props.value : undefined;
  return (
    <li class="json-node">
      <Show
        when={container}
        fallback={
          <span>
            <span class="json-key">{props.name}</span>:{" "}
            <span class="json-scalar">{jsonSummary(props.value)}</span>
          </span>
        }
      >
        {(value) => (
          <>
            <button
              type="button"
              class="json-toggle"
              aria-expanded={open()}
              onClick={() => setOpen(!open())}
            >
              <span aria-hidden="true">{open() ? "▾" : "▸"}</span>{" "}
              <span class="json-key">{props.name}</span>{" "}
              <span class="muted">{jsonSummary(value())}</span>
            </button>
            <Show when={open()}>
              <ul>
                <For each={childrenOf(value(), 0, shown())}>
                  {([key, child]) => <JsonNode name={key} value={child} />}
                </For>
                <Show when={childCount(value()) > shown()}>
                  <li>
                    <button
                      type="button"
                      class="button small"
                      onClick={() => setShown(shown() + PAGE)}
                    >
                      Show {Math.min(PAGE, childCount(value()) - shown())} more (of{" "}
                      {childCount(value())})
                    </button>
                  </li>
                </Show>
              </ul>
            </Show>
          </>
        )}
      </Show>
    </li>
  );
}
