import { ToggleButton } from "@kobalte/core/toggle-button";
import { createUniqueId } from "solid-js";
import { groupThousands } from "../../model/frames/bytes.ts";
import type { FrameFilter } from "../../model/log/filter.ts";
import { useSession } from "../../state/session-context.ts";
import { ariaKeysFor, keysFor } from "../keyboard/keyboard-shortcuts.ts";

type ToggleKey =
  | "regex"
  | "sent"
  | "received"
  | "textFrames"
  | "binaryFrames"
  | "events"
  | "control"
  | "heartbeats";

/** The filter toggles, in the order they appear. */
const TOGGLES: { key: ToggleKey; label: string; title: string }[] = [
  { key: "regex", label: "Regex", title: "Treat the filter text as a regular expression" },
  { key: "sent", label: "Sent", title: "Show frames you sent" },
  { key: "received", label: "Received", title: "Show frames you received" },
  { key: "textFrames", label: "Text", title: "Show text frames" },
  { key: "binaryFrames", label: "Binary", title: "Show binary frames" },
  { key: "events", label: "Events", title: "Show open, error and reconnect events" },
  { key: "control", label: "Control", title: "Show ping, pong and close frames" },
  {
    key: "heartbeats",
    label: "Heartbeats",
    title: "Show a protocol's keep-alive frames (Socket.IO and GraphQL ping and pong)",
  },
];

/**
 * Filter text, toggles, the log's Pause and Clear controls, and the match count, on one line: the
 * count sits last, right-aligned, so its growing digits move nothing, and a filter problem shows
 * under the filter, over the log, rather than pushing the toggles down.
 */
export function FilterBar() {
  const { connection, log, commands } = useSession();
  // Unique per mount: every session tab has a filter bar.
  const errorId = createUniqueId();
  let filterInput!: HTMLInputElement;
  const clear = () => {
    log.select(undefined);
    connection.clear();
  };
  commands.handle("focus-filter", () => {
    filterInput.focus();
    filterInput.select();
    return true;
  });
  commands.handle("clear-log", () => {
    clear();
    return true;
  });
  const filter = () => log.filter();
  const matches = () => log.count();
  const total = () => connection.frameCount();

  return (
    <div class="filter-bar">
      <div class="filter-text">
        <input
          type="search"
          ref={filterInput}
          class="input mono"
          aria-keyshortcuts={ariaKeysFor("focus-filter")}
          aria-label="Filter frames"
          placeholder="Filter frames"
          value={filter().text}
          aria-invalid={log.filterError() !== ""}
          aria-describedby={log.filterError() ? errorId : undefined}
          onInput={(event) => log.setFilter({ text: event.currentTarget.value })}
          spellcheck={false}
        />
        {log.filterError() && (
          <span id={errorId} class="field-error field-popup" role="alert">
            {log.filterError()}
          </span>
        )}
      </div>
      {TOGGLES.map((toggle) => (
        <ToggleButton
          class="toggle"
          title={toggle.title}
          pressed={filter()[toggle.key] as boolean}
          onChange={(pressed) => log.setFilter({ [toggle.key]: pressed } as Partial<FrameFilter>)}
        >
          {toggle.label}
        </ToggleButton>
      ))}
      <ToggleButton
        class="toggle"
        title="Hold the view still; capture goes on"
        pressed={log.paused()}
        onChange={(pressed) => log.setPaused(pressed)}
      >
        Pause view
      </ToggleButton>
      <button
        type="button"
        class="button small"
        title={`Clear the log (${keysFor("clear-log")})`}
        aria-keyshortcuts={ariaKeysFor("clear-log")}
        onClick={clear}
      >
        Clear log
      </button>
      <span class="match-count">
        {groupThousands(matches())} of {groupThousands(total())} frames
      </span>
      {log.filterProgress() < 1 && (
        <span class="filter-progress">Filtering… {Math.floor(log.filterProgress() * 100)}%</span>
      )}
    </div>
  );
}
