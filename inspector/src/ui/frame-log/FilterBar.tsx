import { ToggleButton } from "@kobalte/core/toggle-button";
import { createUniqueId } from "solid-js";
import { groupThousands } from "../../model/frames/bytes.ts";
import type { FrameFilter } from "../../model/log/filter.ts";
import type { Connection } from "../../state/connection.ts";
import type { LogState } from "../../state/log.ts";

type ToggleKey =
  | "regex"
  | "sent"
  | "received"
  | "textFrames"
  | "binaryFrames"
  | "events"
  | "control";

/** The filter toggles, in the order they appear. */
const TOGGLES: { key: ToggleKey; label: string; title: string }[] = [
  { key: "regex", label: "Regex", title: "Treat the filter text as a regular expression" },
  { key: "sent", label: "Sent", title: "Show frames you sent" },
  { key: "received", label: "Received", title: "Show frames you received" },
  { key: "textFrames", label: "Text", title: "Show text frames" },
  { key: "binaryFrames", label: "Binary", title: "Show binary frames" },
  { key: "events", label: "Events", title: "Show open, error and reconnect events" },
  { key: "control", label: "Control", title: "Show ping, pong and close frames" },
];

/** Filter text, toggles, the match count, and the log's Clear and Pause controls. */
export function FilterBar(props: { connection: Connection; log: LogState }) {
  // Unique per mount: every session tab has a filter bar.
  const errorId = createUniqueId();
  const filter = () => props.log.filter();
  const matches = () => props.log.count();
  const total = () => props.connection.frameCount();

  return (
    <div class="filter-bar">
      <div class="filter-text">
        <input
          type="search"
          class="input mono"
          aria-label="Filter frames"
          placeholder="Filter frames"
          value={filter().text}
          aria-invalid={props.log.filterError() !== ""}
          aria-describedby={props.log.filterError() ? errorId : undefined}
          onInput={(event) => props.log.setFilter({ text: event.currentTarget.value })}
          spellcheck={false}
        />
        {props.log.filterError() && (
          <span id={errorId} class="field-error" role="alert">
            {props.log.filterError()}
          </span>
        )}
      </div>
      {TOGGLES.map((toggle) => (
        <ToggleButton
          class="toggle"
          title={toggle.title}
          pressed={filter()[toggle.key] as boolean}
          onChange={(pressed) =>
            props.log.setFilter({ [toggle.key]: pressed } as Partial<FrameFilter>)
          }
        >
          {toggle.label}
        </ToggleButton>
      ))}
      <span class="match-count">
        {groupThousands(matches())} of {groupThousands(total())} frames
      </span>
      <ToggleButton
        class="toggle"
        title="Hold the view still; capture goes on"
        pressed={props.log.paused()}
        onChange={(pressed) => props.log.setPaused(pressed)}
      >
        Pause view
      </ToggleButton>
      <button
        type="button"
        class="button small"
        onClick={() => {
          props.log.select(undefined);
          props.connection.clear();
        }}
      >
        Clear log
      </button>
    </div>
  );
}
