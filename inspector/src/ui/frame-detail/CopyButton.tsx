import { createSignal, onCleanup } from "solid-js";

/** Copies the text `get()` returns to the clipboard, and says whether it worked. */
export function CopyButton(props: { label: string; get: () => string }) {
  const [state, setState] = createSignal<"idle" | "copied" | "failed">("idle");
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));

  async function copy() {
    try {
      await navigator.clipboard.writeText(props.get());
      setState("copied");
    } catch {
      setState("failed");
    }
    clearTimeout(timer);
    timer = setTimeout(() => setState("idle"), 1500);
  }

  return (
    <button type="button" class="button small" onClick={copy}>
      {state() === "copied" ? "Copied" : state() === "failed" ? "Copy failed" : props.label}
    </button>
  );
}
