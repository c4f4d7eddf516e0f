import { createSignal, For, Show } from "solid-js";
import type { MatcherSpec } from "../../../../echo-server/protocol/ping/ping-matcher.ts";
import { formatDuration } from "../../model/log/time.ts";
import { checkPingForm, type PingFormField } from "../../model/ping/ping-form.ts";
import { useSession } from "../../state/session-context.ts";
import { download } from "../shared/download.ts";
import { createFormProblems } from "../shared/form-problems.ts";
import { NumberField } from "../shared/NumberField.tsx";
import { RttChart } from "./RttChart.tsx";

type MatcherKind = MatcherSpec["kind"];

const MATCHERS: { kind: MatcherKind; label: string; valueLabel?: string; placeholder?: string }[] =
  [
    { kind: "exact", label: "Exact text", valueLabel: "Reply text", placeholder: "pong" },
    { kind: "regex", label: "Regex", valueLabel: "Reply pattern", placeholder: "^pong" },
    { kind: "json-field", label: "JSON field equals seq", valueLabel: "Field", placeholder: "seq" },
    { kind: "next", label: "Next message" },
  ];

/** The "Ping loop" region: settings, Start/Stop, the "Ping results" table and the RTT chart. */
export function PingLoopPanel(props: { crossOriginIsolated: boolean | undefined }) {
  const { connection, pingLoop: loop, environment } = useSession();
  const [payload, setPayload] = createSignal("ping");
  const [interval, setIntervalText] = createSignal("100");
  const [closedLoop, setClosedLoop] = createSignal(false);
  const [count, setCount] = createSignal("50");
  const [timeout, setTimeoutText] = createSignal("2000");
  const [matcher, setMatcher] = createSignal<MatcherKind>("exact");
  const [matchValue, setMatchValue] = createSignal("pong");
  const problems = createFormProblems<PingFormField>();
  const [showHistogram, setShowHistogram] = createSignal(false);

  const running = () => loop.state().state === "running";
  const matcherInfo = () => MATCHERS.find((entry) => entry.kind === matcher());

  function start(event: SubmitEvent) {
    event.preventDefault();
    if (running()) {
      loop.stop();
      return;
    }
    if (connection.status().state !== "open") return problems.fail("Connect first");
    const checked = checkPingForm({
      payload: payload(),
      interval: interval(),
      closedLoop: closedLoop(),
      count: count(),
      timeout: timeout(),
      matcher: matcher(),
      matchValue: matchValue(),
    });
    if (!checked.ok) return problems.set(checked.errors);
    problems.clear();
    // The environment as it is now: the loop keeps the values it started with.
    loop.start({ ...checked.value, env: { ...environment.values() } });
  }

  const ms = (value: number) => (Number.isNaN(value) ? "–" : formatDuration(value));
  const rows = () => {
    const stats = loop.stats();
    return [
      ["Sent", String(loop.sent())],
      ["Received", String(loop.received())],
      ["Lost", String(loop.lost())],
      ["Min", ms(stats.min)],
      ["Median", ms(stats.median)],
      ["p95", ms(stats.p95)],
      ["p99", ms(stats.p99)],
      ["Max", ms(stats.max)],
      ["Mean", ms(stats.mean)],
      ["Jitter", ms(stats.jitter)],
    ];
  };
  const stateText = () => {
    const state = loop.state();
    switch (state.state) {
      case "idle":
        return "Not started";
      case "running":
        return "Running…";
      case "done":
        return "Done";
      case "stopped":
        return `Stopped: ${state.reason}`;
      case "error":
        return `Error: ${state.message}`;
    }
  };

  return (
    <section class="ping-loop" aria-label="Ping loop">
      <form class="ping-settings" onSubmit={start}>
        <label class="field">
          <span class="field-label">Payload</span>
          <input
            class="input mono"
            value={payload()}
            onInput={(e) => setPayload(e.currentTarget.value)}
          />
        </label>
        <NumberField
          label="Interval (ms)"
          value={interval()}
          disabled={closedLoop()}
          decimal
          invalid={problems.invalid("interval")}
          onValue={setIntervalText}
        />
        <label class="checkbox">
          <input
            type="checkbox"
            checked={closedLoop()}
            onChange={(e) => setClosedLoop(e.currentTarget.checked)}
          />
          Closed loop
        </label>
        <NumberField
          label="Count"
          value={count()}
          invalid={problems.invalid("count")}
          onValue={setCount}
        />
        <NumberField
          label="Timeout (ms)"
          value={timeout()}
          invalid={problems.invalid("timeout")}
          onValue={setTimeoutText}
        />
        <label class="field">
          <span class="field-label">Reply matcher</span>
          <select
            class="input"
            value={matcher()}
            onChange={(e) => setMatcher(e.currentTarget.value as MatcherKind)}
          >
            <For each={MATCHERS}>
              {(entry) => <option value={entry.kind}>{entry.label}</option>}
            </For>
          </select>
        </label>
        <Show when={matcherInfo()?.valueLabel}>
          {(label) => (
            <label class="field">
              <span class="field-label">{label()}</span>
              <input
                class="input mono"
                placeholder={matcherInfo()?.placeholder}
                value={matchValue()}
                onInput={(e) => setMatchValue(e.currentTarget.value)}
              />
            </label>
          )}
        </Show>
        <button type="submit" class={running() ? "button danger" : "button primary"}>
          {running() ? "Stop" : "Start"}
        </button>
        <Show when={problems.message()}>
          <p class="field-error" role="alert">
            {problems.message()}
          </p>
        </Show>
      </form>
      <div class="ping-output">
        <div class="ping-table-wrap">
          <p class="muted">{stateText()}</p>
          <Show when={loop.unmatched()}>
            {(why) => (
              <p class="muted warning" role="note" aria-label="Unmatched replies">
                {why()}
              </p>
            )}
          </Show>
          <table class="ping-results" aria-label="Ping results">
            <tbody>
              <For each={rows()}>
                {([label, value]) => (
                  <tr>
                    <th scope="row">{label}</th>
                    <td class="mono">{value}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
          <button
            type="button"
            class="button small"
            disabled={loop.sent() === 0}
            onClick={() => download("ping-results.csv", loop.csv(), "text/csv")}
          >
            Export CSV
          </button>
        </div>
        <div class="ping-chart-wrap">
          <label class="checkbox">
            <input
              type="checkbox"
              checked={showHistogram()}
              onChange={(e) => setShowHistogram(e.currentTarget.checked)}
            />
            Histogram
          </label>
          <RttChart series={loop.series} sent={loop.sent} histogram={showHistogram()} />
          <p class="muted">
            RTTs are measured in the capture worker from send to reply.
            {props.crossOriginIsolated === false &&
              " The clock is coarse here (100 µs): RTTs are rounded to 0.1 ms."}
            <Show when={loop.hiddenDuringRun()}>
              <strong class="warning">
                {" "}
                The tab was hidden during this run: browsers may delay a hidden tab's network
                events, so some RTTs may be inflated.
              </strong>
            </Show>
          </p>
        </div>
      </div>
    </section>
  );
}
