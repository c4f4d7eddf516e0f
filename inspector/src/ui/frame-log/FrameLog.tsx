import { createEffect, createMemo, createSignal, For, onCleanup, onMount } from "solid-js";
import { type LogRow, logRow } from "../../model/log-row.ts";
import { isScrolledToBottom, virtualWindow } from "../../model/virtual-window.ts";
import type { Connection } from "../../state/connection.ts";

const ROW_HEIGHT = 24;
const DIRECTION_ARROWS = { sent: "↑", received: "↓", event: "•" } as const;
const DIRECTION_LABELS = { sent: "Sent", received: "Received", event: "Event" } as const;

/**
 * The frame log: a grid of fixed-height rows, rendering only the rows on screen from the
 * connection's store. It sticks to the bottom until the user scrolls up. An ARIA grid on divs
 * rather than a <table>: only the rows on screen exist, positioned inside a tall canvas.
 */
export function FrameLog(props: { connection: Connection }) {
  let viewport!: HTMLDivElement;
  const [scrollTop, setScrollTop] = createSignal(0);
  const [viewportHeight, setViewportHeight] = createSignal(400);
  const [stuckToBottom, setStuckToBottom] = createSignal(true);

  const rowCount = () => {
    props.connection.revision();
    return props.connection.store.length;
  };
  const window = createMemo(() =>
    virtualWindow({
      rowCount: rowCount(),
      rowHeight: ROW_HEIGHT,
      scrollTop: stuckToBottom() ? Number.POSITIVE_INFINITY : scrollTop(),
      viewportHeight: viewportHeight(),
    }),
  );
  const visibleIds = createMemo(() => {
    const { start, end } = window();
    const store = props.connection.store;
    const ids: number[] = [];
    for (let index = start; index < end; index++) ids.push(store.id(index));
    return ids;
  });

  onMount(() => {
    const observer = new ResizeObserver(() => setViewportHeight(viewport.clientHeight));
    observer.observe(viewport);
    onCleanup(() => observer.disconnect());
  });

  // After each render, keep the bottom in view while stuck.
  createEffect(() => {
    const { totalHeight } = window();
    if (stuckToBottom()) viewport.scrollTop = totalHeight;
  });

  let lastScrollTop = 0;
  function onScroll() {
    const top = viewport.scrollTop;
    setScrollTop(top);
    if (isScrolledToBottom(top, viewport.clientHeight, viewport.scrollHeight)) {
      setStuckToBottom(true);
    } else if (top < lastScrollTop) {
      // Only the user scrolls up; growth below the fold must not unstick the view.
      setStuckToBottom(false);
    }
    lastScrollTop = top;
  }

  return (
    <div
      class="frame-log"
      role="grid"
      aria-label="Frames"
      aria-rowcount={rowCount() + 1}
      aria-readonly="true"
    >
      <div role="row" class="log-row log-header" aria-rowindex={1}>
        <span role="columnheader" class="cell direction">
          Dir
        </span>
        <span role="columnheader" class="cell preview">
          Data
        </span>
        <span role="columnheader" class="cell size">
          Length
        </span>
        <span role="columnheader" class="cell time">
          Time
        </span>
      </div>
      <div class="log-viewport" ref={viewport} onScroll={onScroll}>
        <div class="log-canvas" style={{ height: `${window().totalHeight}px` }}>
          <div class="log-rows" style={{ transform: `translateY(${window().offsetTop}px)` }}>
            <For each={visibleIds()}>
              {(id) => {
                const index = props.connection.store.indexOf(id);
                return index < 0 ? null : (
                  <FrameRow row={logRow(props.connection.store, index)} index={index} />
                );
              }}
            </For>
          </div>
        </div>
      </div>
    </div>
  );
}

function FrameRow(props: { row: LogRow; index: number }) {
  const { row } = props;
  return (
    <div
      role="row"
      class="log-row"
      aria-rowindex={props.index + 2}
      data-direction={row.direction}
      data-kind={row.kind}
    >
      <span role="gridcell" class="cell direction" title={DIRECTION_LABELS[row.direction]}>
        <span aria-hidden="true">{DIRECTION_ARROWS[row.direction]}</span>
        <span class="visually-hidden">{DIRECTION_LABELS[row.direction]}</span>
      </span>
      <span role="gridcell" class="cell preview mono">
        {row.preview}
      </span>
      <span role="gridcell" class="cell size">
        {row.size}
      </span>
      <span role="gridcell" class="cell time mono" title={row.timeDetail}>
        {row.time}
      </span>
    </div>
  );
}
