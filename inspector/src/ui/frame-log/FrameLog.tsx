import {
  createEffect,
  createMemo,
  createSignal,
  createUniqueId,
  For,
  onCleanup,
  onMount,
  Show,
} from "solid-js";
import type { LogRow } from "../../model/log/log-row.ts";
import { isScrolledToBottom, scrollTopFor, virtualWindow } from "../../model/log/virtual-window.ts";
import type { LogState } from "../../state/log.ts";
import { useSession } from "../../state/session-context.ts";

const ROW_HEIGHT = 24;
const DIRECTION_ARROWS = { sent: "↑", received: "↓", event: "•" } as const;

/**
 * The frame log: a grid of fixed-height rows that renders only the rows on screen, read from
 * the log view. It sticks to the bottom until the user scrolls up and resumes at the bottom.
 * Focus stays on the grid; arrows, Page Up/Down and Home/End move the selection
 * (aria-activedescendant). An ARIA grid on divs rather than a <table>: only the rows on screen
 * exist, positioned inside a tall canvas. The grid itself scrolls, with its header row sticky
 * at the top, so the scrolling region is the element that takes the keys. An empty log says how to
 * start (or that the filter hides every frame), over the grid rather than in it: a grid holds rows.
 */
export function FrameLog() {
  const { connection, log, commands, protocol, decoders } = useSession();
  const { custom } = decoders;
  // Optional columns: the wire size once the relay measured a frame, the custom decoder's
  // column while it runs with a path, and the latency while the protocol pairs frames.
  const showWire = () => log.hasWireSizes();
  const customColumn = () =>
    custom.enabled() && custom.column().trim() !== "" ? custom.column().trim() : "";
  const columns = () =>
    [
      "40px",
      customColumn() ? "minmax(56px, 140px)" : "",
      "minmax(0, 1fr)",
      "84px",
      showWire() ? "112px" : "",
      "112px 92px 92px",
      protocol.pairs() ? "96px" : "",
    ]
      .filter(Boolean)
      .join(" ");
  const emptyId = createUniqueId();
  // Element ids of rows, for aria-activedescendant: unique per mount, as every session tab has a
  // log and the same frame ids.
  const rowIdPrefix = createUniqueId();
  const rowElementId = (id: number) => `frame-row-${rowIdPrefix}-${id}`;
  let viewport!: HTMLDivElement;
  let header!: HTMLDivElement;
  const [scrollTop, setScrollTop] = createSignal(0);
  const [viewportHeight, setViewportHeight] = createSignal(400);
  const [stuckToBottom, setStuckToBottom] = createSignal(true);

  const rowCount = () => log.count();
  const layout = () => ({
    rowCount: rowCount(),
    rowHeight: ROW_HEIGHT,
    scrollTop: stuckToBottom() ? Number.POSITIVE_INFINITY : scrollTop(),
    viewportHeight: viewportHeight(),
  });
  const window = createMemo(() => virtualWindow(layout()));
  const visibleIds = createMemo(() => {
    const { start, end } = window();
    const ids: number[] = [];
    for (let position = start; position < end; position++) ids.push(log.idAt(position));
    return ids;
  });

  onMount(() => {
    // Rows show below the sticky header: the room they have is the grid's height less its.
    const observer = new ResizeObserver(() =>
      setViewportHeight(Math.max(0, viewport.clientHeight - header.offsetHeight)),
    );
    observer.observe(viewport);
    onCleanup(() => observer.disconnect());
  });

  // After each render, keep the bottom in view while stuck. While the rows fit there is nothing
  // to scroll, and writing scrollTop would only force a layout: at the first render, a layout of
  // the whole page inside the page's longest task (some 40 ms of it, bench:inspector).
  createEffect(() => {
    const { canvasHeight } = window();
    if (stuckToBottom() && canvasHeight > viewportHeight()) viewport.scrollTop = canvasHeight;
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

  function selectPosition(position: number, extend = false) {
    const count = rowCount();
    if (count === 0) return;
    const clamped = Math.min(count - 1, Math.max(0, position));
    log.select(log.idAt(clamped), extend);
    if (clamped === count - 1) {
      setStuckToBottom(true);
      return;
    }
    setStuckToBottom(false);
    const next = scrollTopFor({ ...layout(), scrollTop: viewport.scrollTop }, clamped);
    viewport.scrollTop = next;
    setScrollTop(next);
  }

  function onKeyDown(event: KeyboardEvent) {
    const selected = log.selectedId();
    const current = selected === undefined ? -1 : log.positionOf(selected);
    const page = Math.max(1, Math.floor(viewportHeight() / ROW_HEIGHT) - 1);
    const moves: Record<string, () => number> = {
      ArrowDown: () => (current < 0 ? window().start : current + 1),
      ArrowUp: () => (current < 0 ? rowCount() - 1 : current - 1),
      PageDown: () => Math.max(0, current) + page,
      PageUp: () => Math.max(0, current) - page,
      Home: () => 0,
      End: () => rowCount() - 1,
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    // Shift+arrow keeps the row it leaves selected too: two frames to compare.
    selectPosition(move(), event.shiftKey);
  }

  const activeDescendant = () => {
    const id = log.selectedId();
    return id !== undefined && visibleIds().includes(id) ? rowElementId(id) : undefined;
  };

  const empty = () => {
    if (rowCount() > 0) return undefined;
    return connection.frameCount() === 0 ? "start" : "filtered";
  };

  return (
    <div class="frame-log-pane">
      <div
        class="frame-log"
        role="grid"
        aria-label="Frames"
        aria-describedby={empty() ? emptyId : undefined}
        aria-rowcount={rowCount() + 1}
        aria-readonly="true"
        aria-multiselectable="true"
        style={{ "--log-columns": columns() }}
        aria-activedescendant={activeDescendant()}
        tabIndex={0}
        ref={viewport}
        onScroll={onScroll}
        onKeyDown={onKeyDown}
      >
        <div role="row" class="log-row log-header" aria-rowindex={1} ref={header}>
          <span role="columnheader" class="cell direction">
            Dir
          </span>
          <Show when={customColumn()}>
            <span role="columnheader" class="cell custom" title="From the custom decoder">
              {customColumn()}
            </span>
          </Show>
          <span role="columnheader" class="cell preview">
            Data
          </span>
          <span role="columnheader" class="cell size">
            Length
          </span>
          <Show when={showWire()}>
            <span
              role="columnheader"
              class="cell size"
              title="Payload bytes on the wire (compressed by permessage-deflate when negotiated) and their share of the length"
            >
              Wire size
            </span>
          </Show>
          <span role="columnheader" class="cell time">
            Time
          </span>
          <span role="columnheader" class="cell delta" title="Time since the connection opened">
            Δ connect
          </span>
          <span role="columnheader" class="cell delta" title="Time since the previous frame">
            Δ prev
          </span>
          {protocol.pairs() && (
            <span
              role="columnheader"
              class="cell latency"
              title="Time from a request to this reply"
            >
              Latency
            </span>
          )}
        </div>
        <div class="log-canvas" style={{ height: `${window().canvasHeight}px` }}>
          <div class="log-rows" style={{ transform: `translateY(${window().offsetTop}px)` }}>
            <For each={visibleIds()}>
              {(id, index) => (
                <FrameRow
                  log={log}
                  id={id}
                  elementId={rowElementId(id)}
                  position={window().start + index()}
                  selected={log.isSelected(id)}
                  related={protocol.isRelated(id)}
                  latencyColumn={protocol.pairs()}
                  showWire={showWire()}
                  customColumn={customColumn()}
                  customText={customColumn() ? custom.columnText(id) : undefined}
                  onSelect={(extend) => log.select(id, extend)}
                />
              )}
            </For>
          </div>
        </div>
      </div>
      <Show when={empty()}>
        {(kind) => (
          <div class="log-empty">
            <Show
              when={kind() === "start"}
              fallback={
                <p id={emptyId} class="muted">
                  No frames match the filter.
                </p>
              }
            >
              <p id={emptyId} class="muted">
                No frames yet. Connect to a WebSocket URL, or pick an endpoint from the Playground
                menu.
              </p>
              <button
                type="button"
                class="button small"
                onClick={() => commands.run("open-playground")}
              >
                Pick an endpoint…
              </button>
            </Show>
          </div>
        )}
      </Show>
    </div>
  );
}

function FrameRow(props: {
  log: LogState;
  id: number;
  elementId: string;
  position: number;
  selected: boolean;
  /** Paired with the selected frame: its request, or one of its replies. */
  related: boolean;
  latencyColumn: boolean;
  showWire: boolean;
  customColumn: string;
  /** The custom decoder's column text; undefined while not known. */
  customText: string | undefined;
  /** `extend`: Ctrl/⌘+click keeps the row selected before too. */
  onSelect: (extend: boolean) => void;
}) {
  // Rows are immutable once captured, so a row is formatted once, when it scrolls into view.
  const row: LogRow | undefined = props.log.row(props.id);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the grid handles the keyboard for every row (aria-activedescendant).
    <div
      role="row"
      id={props.elementId}
      class="log-row"
      aria-rowindex={props.position + 2}
      aria-selected={props.selected}
      data-related={props.related ? "" : undefined}
      data-direction={row?.direction ?? "event"}
      data-kind={row?.kind ?? "info"}
      onClick={(event) => props.onSelect(event.ctrlKey || event.metaKey)}
    >
      {row ? (
        <>
          <span role="gridcell" class="cell direction" title={row.directionLabel}>
            <span aria-hidden="true">{DIRECTION_ARROWS[row.direction]}</span>
            <span class="visually-hidden">{row.directionLabel}</span>
          </span>
          <Show when={props.customColumn}>
            <span role="gridcell" class="cell custom mono">
              {props.customText ?? "…"}
            </span>
          </Show>
          <span role="gridcell" class="cell preview mono">
            {row.tag && <span class="tap-tag">{row.tag}</span>}
            {row.tag && " "}
            {row.rtt && <span class="rtt-badge">{row.rtt}</span>}
            {row.rtt && " "}
            {row.preview}
          </span>
          <span role="gridcell" class="cell size mono">
            {row.size}
          </span>
          <Show when={props.showWire}>
            <span role="gridcell" class="cell size mono" title={row.wireDetail}>
              {row.wire}
            </span>
          </Show>
          <span role="gridcell" class="cell time mono" title={row.timeDetail}>
            {row.time}
          </span>
          <span role="gridcell" class="cell delta mono">
            {row.sinceConnect}
          </span>
          <span role="gridcell" class="cell delta mono">
            {row.sincePrevious}
          </span>
          {props.latencyColumn && (
            <span role="gridcell" class="cell latency mono">
              {row.latency}
              {props.related && (
                <span class="visually-hidden"> (paired with the selected frame)</span>
              )}
            </span>
          )}
        </>
      ) : (
        <span role="gridcell" class="cell preview dropped">
          Dropped: over the retention limit
        </span>
      )}
    </div>
  );
}
