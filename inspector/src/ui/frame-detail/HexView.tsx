import { createMemo, createSignal, For, onCleanup, onMount } from "solid-js";
import {
  HEX_BYTES_PER_LINE,
  hexBytesPerLineFor,
  hexDumpLine,
  hexDumpLineCount,
} from "../../model/detail/hex-dump.ts";
import { virtualWindow } from "../../model/log/virtual-window.ts";

const LINE_HEIGHT = 18;

/** The width of one character of `element`'s (monospace) font, measured off the page. */
function charWidth(element: HTMLElement): number {
  const context = document.createElement("canvas").getContext("2d");
  if (!context) return 0;
  context.font = getComputedStyle(element).font;
  return context.measureText("0000000000").width / 10;
}

/**
 * A hex dump that makes only the lines on screen, so 10 MB frames scroll as easily as 10 B. Its
 * lines take 16, 8 or 4 bytes, the most that fit the pane's width, so the ASCII column is never
 * cut; where even 4 do not fit, the dump scrolls sideways inside its box.
 */
export function HexView(props: { bytes: Uint8Array }) {
  let viewport!: HTMLElement;
  const [scrollTop, setScrollTop] = createSignal(0);
  const [height, setHeight] = createSignal(300);
  const [bytesPerLine, setBytesPerLine] = createSignal(HEX_BYTES_PER_LINE);
  onMount(() => {
    const width = charWidth(viewport);
    const observer = new ResizeObserver(() => {
      setHeight(viewport.clientHeight);
      if (width > 0) setBytesPerLine(hexBytesPerLineFor(Math.floor(viewport.clientWidth / width)));
    });
    observer.observe(viewport);
    onCleanup(() => observer.disconnect());
  });
  const window = createMemo(() =>
    virtualWindow({
      rowCount: hexDumpLineCount(props.bytes.length, bytesPerLine()),
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
      <div class="hex-canvas" style={{ height: `${window().canvasHeight}px` }}>
        <div style={{ transform: `translateY(${window().offsetTop}px)` }}>
          <For each={lines()}>
            {(line) => <div class="hex-line">{hexDumpLine(props.bytes, line, bytesPerLine())}</div>}
          </For>
        </div>
      </div>
    </section>
  );
}
