import { createSignal, onCleanup } from "solid-js";
import {
  type PaneBounds,
  type PaneSide,
  resizeByDrag,
  resizeByKey,
  type SeparatorOrientation,
  separatorValues,
} from "../../model/layout/pane-size.ts";

/** Thickness of a splitter, in px: what the panes give up for it. */
export const SPLITTER_SIZE = 5;

/**
 * A separator that resizes the pane beside it, like DevTools' split widgets: drag it, or focus it
 * and use the arrows of its axis (Shift for bigger steps), Home and End. Its value is the pane's
 * share of the container in percent. A drag reports at most one size per animation frame.
 */
export function Splitter(props: {
  /** Accessible name, e.g. "Resize frame detail". */
  label: string;
  orientation: SeparatorOrientation;
  /** Where the resized pane lies: after the splitter (right or below) or before it. */
  side: PaneSide;
  /** The pane's size in px. */
  size: number;
  bounds: PaneBounds;
  /** The length shared by the pane and the rest, in px, for the percentages. */
  total: number;
  /** Element id of the resized pane. */
  controls?: string | undefined;
  onResize: (size: number) => void;
}) {
  const values = () => separatorValues(props.size, props.total, props.bounds);
  const coordinate = (event: PointerEvent) =>
    props.orientation === "vertical" ? event.clientX : event.clientY;
  let drag: { start: number; startSize: number } | undefined;
  let pending: number | undefined;
  let frame = 0;
  const [dragging, setDragging] = createSignal(false);

  function flush() {
    frame = 0;
    if (pending !== undefined) props.onResize(pending);
    pending = undefined;
  }

  function endDrag() {
    drag = undefined;
    setDragging(false);
    cancelAnimationFrame(frame);
    flush();
  }
  onCleanup(() => {
    if (drag) endDrag();
  });

  return (
    <hr
      class="splitter"
      tabIndex={0}
      aria-label={props.label}
      aria-orientation={props.orientation}
      aria-valuenow={values().now}
      aria-valuemin={values().min}
      aria-valuemax={values().max}
      aria-controls={props.controls}
      data-orientation={props.orientation}
      data-dragging={dragging() ? "" : undefined}
      onPointerDown={(event) => {
        if (event.button !== 0) return;
        // No text selection while dragging; focus follows the drag, as with a click.
        event.preventDefault();
        event.currentTarget.setPointerCapture(event.pointerId);
        event.currentTarget.focus();
        drag = { start: coordinate(event), startSize: props.size };
        setDragging(true);
      }}
      onPointerMove={(event) => {
        if (!drag) return;
        const delta = coordinate(event) - drag.start;
        pending = resizeByDrag(drag.startSize, delta, props.bounds, props.side);
        frame ||= requestAnimationFrame(flush);
      }}
      onPointerUp={endDrag}
      onPointerCancel={endDrag}
      onKeyDown={(event) => {
        const next = resizeByKey(event, props.size, props.bounds, props);
        if (next === undefined) return;
        event.preventDefault();
        props.onResize(next);
      }}
    />
  );
}
