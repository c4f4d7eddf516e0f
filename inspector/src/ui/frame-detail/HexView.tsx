import { createMemo, createSignal, For, onCleanup, onMount } from "solid-js";
import { hexDumpLine, hexDumpLineCount } from "../../model/detail/hex-dump.ts";
import { virtualWindow } from "../../model/log/virtual-window.ts";

const LINE_HEIGHT = 18;

/** A hex dump that makes only the lines on screen, so 10 MB frames scroll as easily as 10 B. */
export function HexView(props: { bytes: Uint8Array }) {
  let viewport!: HTMLElement;
  const [scrollTop, setScrollTop] = createSignal(0);
  const [height, setHeight] = createSignal(300);
  onMount(() => {
    const observer = new ResizeObserver(() => setHeight(viewport.clientHeight));
    observer.observe(viewport);
    onCleanup(() => observer.disconnect());
  });
  const window = createMemo(() =>
    virtualWindow({
      rowCount: hexDumpLineCount(props.bytes.length),
      rowHeight: LINE_HEIGHT,
      scrollTop: scrollTop(),
      viewportHeight: height(),
    }),
  );
  const lines = createMemo(() => {
    const { start, end } = window();
    return Array.from({ length: end - start }, (_, i) => start + i);
  });
  return (
    <section
      class="hex-viewport mono"
      ref={viewport}
      onScroll={() => setScrollTop(viewport.scrollTop)}
      aria-label="Hex dump"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to scroll by keyboard.
      tabIndex={0}
    >
      <div style={{ height: `${window().canvasHeight}px`, position: "relative" }}>
        <div style={{ transform: `translateY(${window().offsetTop}px)` }}>
          <For each={lines()}>
            {(line) => <div class="hex-line">{hexDumpLine(props.bytes, line)}</div>}
          </For>
        </div>
      </div>
    </section>
  );
}
