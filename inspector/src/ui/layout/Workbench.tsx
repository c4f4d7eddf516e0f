import { createUniqueId, Show } from "solid-js";
import { detailPlacement } from "../../model/layout/arrangement.ts";
import {
  fractionFromSize,
  type PaneLimits,
  paneBounds,
  sizeFromFraction,
} from "../../model/layout/pane-size.ts";
import { useLayoutPrefs } from "../../state/layout-prefs.ts";
import type { SavedMessages } from "../../state/saved-messages.ts";
import { useSession } from "../../state/session-context.ts";
import { DiffView } from "../diff/DiffView.tsx";
import { FrameDetail } from "../frame-detail/FrameDetail.tsx";
import { FrameLog } from "../frame-log/FrameLog.tsx";
import { Deferred } from "../shared/Deferred.tsx";
import { BottomPanel } from "./BottomPanel.tsx";
import { createElementSize } from "./element-size.ts";
import { SPLITTER_SIZE, Splitter } from "./Splitter.tsx";

/** The log's smallest height: its header and four rows of 24 px. */
const LOG_MIN_HEIGHT = 5 * 24;
/** Beside the detail pane, the log keeps its fixed columns (420 px) and some data. */
const LOG_MIN_WIDTH = 520;
const DETAIL_BESIDE: PaneLimits = { minPane: 260, minRest: LOG_MIN_WIDTH };
const DETAIL_BELOW: PaneLimits = { minPane: 96, minRest: LOG_MIN_HEIGHT };
/** The bottom panel's smallest open height: its tab strip and a row of controls. */
const BOTTOM_MIN_HEIGHT = 96;

/**
 * The log, the frame detail (or the Diff) and the bottom panel of one session, with splitters between them.
 * Sizes come from the app's layout prefs (shared by every tab, kept across reloads) and are
 * clamped to the room there is. The detail pane sits beside the log when the session is wide
 * enough, under it otherwise; the bottom panel keeps one height whatever its tab, and collapses
 * to its tab strip.
 */
export function Workbench(props: {
  saved: SavedMessages;
  crossOriginIsolated: boolean | undefined;
}) {
  const layout = useLayoutPrefs();
  const { compare } = useSession();
  const comparing = () => compare.comparison() !== undefined || compare.gone();
  const prefs = layout.prefs;
  const detailId = createUniqueId();
  const bottomId = createUniqueId();
  let bench!: HTMLDivElement;
  let top!: HTMLDivElement;
  const benchSize = createElementSize(() => bench);
  const topSize = createElementSize(() => top);

  const beside = () => detailPlacement(benchSize().width) === "beside";
  const detailTotal = () =>
    Math.max(0, (beside() ? topSize().width : topSize().height) - SPLITTER_SIZE);
  const detailBounds = () => paneBounds(detailTotal(), beside() ? DETAIL_BESIDE : DETAIL_BELOW);
  const detailSize = () =>
    sizeFromFraction(
      beside() ? prefs().detailWidth : prefs().detailHeight,
      detailTotal(),
      detailBounds(),
    );

  const collapsed = () => prefs().bottomCollapsed;
  const bottomTotal = () => Math.max(0, benchSize().height - SPLITTER_SIZE);
  const bottomBounds = () =>
    paneBounds(bottomTotal(), {
      minPane: BOTTOM_MIN_HEIGHT,
      // Under the log, the detail pane needs its room too.
      minRest: beside() ? LOG_MIN_HEIGHT : LOG_MIN_HEIGHT + SPLITTER_SIZE + DETAIL_BELOW.minPane,
    });
  const bottomSize = () => sizeFromFraction(prefs().bottomHeight, bottomTotal(), bottomBounds());

  const benchRows = () =>
    collapsed() ? "minmax(0, 1fr) auto" : `minmax(0, 1fr) ${SPLITTER_SIZE}px ${bottomSize()}px`;
  const topTracks = () => `minmax(0, 1fr) ${SPLITTER_SIZE}px ${detailSize()}px`;

  return (
    <div class="workbench" ref={bench} style={{ "grid-template-rows": benchRows() }}>
      <div
        class="log-and-detail"
        ref={top}
        data-placement={beside() ? "beside" : "below"}
        style={
          beside()
            ? { "grid-template-columns": topTracks() }
            : { "grid-template-rows": topTracks() }
        }
      >
        <FrameLog />
        <Splitter
          label="Resize frame detail"
          orientation={beside() ? "vertical" : "horizontal"}
          side="end"
          size={detailSize()}
          bounds={detailBounds()}
          total={detailTotal()}
          controls={detailId}
          onResize={(size) =>
            layout.update(
              beside()
                ? { detailWidth: fractionFromSize(size, detailTotal()) }
                : { detailHeight: fractionFromSize(size, detailTotal()) },
            )
          }
        />
        {/* A diff takes the detail pane's place until it is closed. */}
        <Show when={comparing()} fallback={<FrameDetail id={detailId} />}>
          <DiffView id={detailId} />
        </Show>
      </div>
      <Show when={!collapsed()}>
        <Splitter
          label="Resize bottom panel"
          orientation="horizontal"
          side="end"
          size={bottomSize()}
          bounds={bottomBounds()}
          total={bottomTotal()}
          controls={bottomId}
          onResize={(size) =>
            layout.update({ bottomHeight: fractionFromSize(size, bottomTotal()) })
          }
        />
      </Show>
      {/* A task after the rest of the session: its tabs lay the page out as they mount. */}
      <Deferred>
        <BottomPanel
          id={bottomId}
          saved={props.saved}
          crossOriginIsolated={props.crossOriginIsolated}
          collapsed={collapsed()}
          onCollapsedChange={(bottomCollapsed) => layout.update({ bottomCollapsed })}
        />
      </Deferred>
    </div>
  );
}
