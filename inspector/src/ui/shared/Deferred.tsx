import { createSignal, type JSX, onCleanup, Show } from "solid-js";

/**
 * Renders its children in a task after the current one, so that the page's first render comes
 * in pieces with room for the browser between them rather than as one long task (main.tsx).
 */
export function Deferred(props: { children: JSX.Element }) {
  const [ready, setReady] = createSignal(false);
  const timer = setTimeout(() => setReady(true));
  onCleanup(() => clearTimeout(timer));
  return <Show when={ready()}>{props.children}</Show>;
}
