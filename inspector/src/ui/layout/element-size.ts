import { type Accessor, createSignal, onCleanup, onMount } from "solid-js";

/** An element's content-box size, in px. */
export interface ElementSize {
  width: number;
  height: number;
}

/**
 * The size of the element `target()` returns, kept current by a ResizeObserver (which reports
 * after layout and before paint, so a size derived from it shows in the same frame). A hidden
 * element measures 0 × 0. Observes from mount until the owner is disposed.
 */
export function createElementSize(target: () => Element | undefined): Accessor<ElementSize> {
  const [size, setSize] = createSignal<ElementSize>(
    { width: 0, height: 0 },
    {
      equals: (a, b) => a.width === b.width && a.height === b.height,
    },
  );
  onMount(() => {
    const element = target();
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (!entry) return;
      const { width, height } = entry.contentRect;
      setSize({ width: Math.round(width), height: Math.round(height) });
    });
    observer.observe(element);
    onCleanup(() => observer.disconnect());
  });
  return size;
}
