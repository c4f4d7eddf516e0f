import { For, Match, Show, Switch } from "solid-js";
import { changeCells, diffRowCount, offsetCell } from "../../model/diff/diff-cells.ts";
import { diffSummary } from "../../model/diff/frame-diff.ts";
import type { ComparedFrame } from "../../state/compare.ts";
import { useSession } from "../../state/session-context.ts";

/** Rows the Diff view renders at most; a note says how many more there are. */
const MAX_ROWS = 2000;

/**
 * The region "Diff": two frames side by side, the older on the left. JSON (or two trees one
 * decoder made) is compared structurally, one row per change with its path; text line by line;
 * binary 16 bytes a row. It takes the detail pane's place until closed.
 */
export function DiffView(props: { id?: string }) {
  const { compare } = useSession();
  return (
    <section id={props.id} class="diff-view" aria-label="Diff">
      <div class="diff-head">
        <h3 class="compose-title">Diff</h3>
        <Show when={compare.comparison()}>
          {(comparison) => (
            <span class="diff-summary" role="status">
              {diffSummary(comparison().diff)}
            </span>
          )}
        </Show>
        <button type="button" class="button small" onClick={() => compare.close()}>
          Close diff
        </button>
      </div>
      <Show
        when={compare.comparison()}
        fallback={
          <p class="muted">
            The frames compared are no longer retained (dropped or cleared). Close the diff.
          </p>
        }
      >
        {(comparison) => (
          <>
            <div class="diff-sides">
              <FrameLabel side="Left" frame={comparison().left} />
              <FrameLabel side="Right" frame={comparison().right} />
            </div>
            <div class="diff-body">
              <Switch>
                <Match
                  when={(() => {
                    const diff = comparison().diff;
                    return diff.kind === "json" ? diff : undefined;
                  })()}
                >
                  {(diff) => (
                    <table class="diff-table mono">
                      <thead>
                        <tr>
                          <th scope="col">Path</th>
                          <th scope="col">Left</th>
                          <th scope="col">Right</th>
                        </tr>
                      </thead>
                      <tbody>
                        <For each={diff().changes.slice(0, MAX_ROWS)}>
                          {(change) => {
                            const cells = changeCells(change);
                            return (
                              <tr data-kind={change.kind}>
                                <th scope="row">
                                  {change.path} <span class="diff-kind">{change.kind}</span>
                                </th>
                                <td class="diff-left">{cells.left}</td>
                                <td class="diff-right">{cells.right}</td>
                              </tr>
                            );
                          }}
                        </For>
                      </tbody>
                    </table>
                  )}
                </Match>
                <Match
                  when={(() => {
                    const diff = comparison().diff;
                    return diff.kind === "text" ? diff : undefined;
                  })()}
                >
                  {(diff) => (
                    <SideBySide
                      position="Line"
                      pre
                      rows={diff()
                        .rows.slice(0, MAX_ROWS)
                        .map((row) => ({
                          kind: row.kind,
                          left: row.left && { at: String(row.left.line), content: row.left.text },
                          right: row.right && {
                            at: String(row.right.line),
                            content: row.right.text,
                          },
                        }))}
                    />
                  )}
                </Match>
                <Match
                  when={(() => {
                    const diff = comparison().diff;
                    return diff.kind === "bytes" ? diff : undefined;
                  })()}
                >
                  {(diff) => (
                    <SideBySide
                      position="Offset"
                      rows={diff()
                        .rows.slice(0, MAX_ROWS)
                        .map((row) => ({
                          kind: row.kind,
                          left: row.left && {
                            at: offsetCell(row.left.offset),
                            content: row.left.hex,
                          },
                          right: row.right && {
                            at: offsetCell(row.right.offset),
                            content: row.right.hex,
                          },
                        }))}
                    />
                  )}
                </Match>
              </Switch>
              <Show when={diffRowCount(comparison().diff) > MAX_ROWS}>
                <p class="muted">
                  Showing the first {MAX_ROWS} of {diffRowCount(comparison().diff)} rows.
                </p>
              </Show>
            </div>
          </>
        )}
      </Show>
    </section>
  );
}

/** One side of a text or byte row: its line or offset, and what it holds there. */
interface SideCell {
  at: string;
  content: string;
}

/**
 * Text lines or byte rows side by side: a change mark, then each side's position (a line number
 * or an offset) and content.
 */
function SideBySide(props: {
  position: string;
  pre?: boolean;
  rows: { kind: keyof typeof MARKS; left?: SideCell; right?: SideCell }[];
}) {
  const content = (side: string) => `diff-${side}${props.pre ? " pre" : ""}`;
  return (
    <table class="diff-table mono">
      <thead>
        <tr>
          <th scope="col">
            <span class="visually-hidden">Change</span>
          </th>
          <th scope="col">{props.position}</th>
          <th scope="col">Left</th>
          <th scope="col">{props.position}</th>
          <th scope="col">Right</th>
        </tr>
      </thead>
      <tbody>
        <For each={props.rows}>
          {(row) => (
            <tr data-kind={row.kind}>
              <ChangeMark kind={row.kind} />
              <td class="diff-number">{row.left?.at ?? ""}</td>
              <td class={content("left")}>{row.left?.content ?? ""}</td>
              <td class="diff-number">{row.right?.at ?? ""}</td>
              <td class={content("right")}>{row.right?.content ?? ""}</td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );
}

/** Marks for a row's change, so colour is not the only sign of it. */
const MARKS = { same: "", changed: "~", removed: "−", added: "+" } as const;

/** A row's change as a mark, named for screen readers (nothing for an unchanged row). */
function ChangeMark(props: { kind: keyof typeof MARKS }) {
  return (
    <td class="diff-mark">
      <span aria-hidden="true">{MARKS[props.kind]}</span>
      <Show when={props.kind !== "same"}>
        <span class="visually-hidden">{props.kind}</span>
      </Show>
    </td>
  );
}

function FrameLabel(props: { side: string; frame: ComparedFrame }) {
  return (
    <p class="diff-frame">
      <span class="field-label">{props.side}:</span> #{props.frame.id} {props.frame.row.direction}{" "}
      {props.frame.row.kind} · <span class="mono">{props.frame.row.time}</span> ·{" "}
      {props.frame.row.size}
    </p>
  );
}
