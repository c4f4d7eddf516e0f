// The ingest comparison as a Markdown table (every round, then the medians), ready to paste.
import { maximum, median } from "../shared/stats.mjs";

const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const ms = (value) => `${value.toFixed(0)} ms`;

/** The longest long task of a round (0 when there was none), overall and per phase. */
export function longestTask(round, phase) {
  return maximum(
    round.longTasks.filter((task) => !phase || task.phase === phase).map((task) => task.duration),
  );
}

/** The longest animation frame of a round, with the script that took most of it. */
function longestFrame(round) {
  const frame = [...round.longFrames].sort((a, b) => b.duration - a.duration)[0];
  if (!frame) return "none over 50 ms";
  return `${ms(frame.duration)} (${frame.phase}${frame.script ? `: ${frame.script}` : ""})`;
}

/** CPU seconds all our processes (Chromium's, the servers') used in a round. */
export function cpuTotal(round) {
  return round.cpu.reduce((sum, [, seconds]) => sum + seconds, 0);
}

/**
 * Context switches of Chromium's two IO threads (the network service's and the renderer's), added
 * together, per frame. About four (two each) means they took turns on one core: the slow mode in
 * which a round falls behind the stream (3.5–4.2 in rounds of 6–6.6 s). Rounds that kept up ran
 * them side by side and read 1.0–1.6.
 */
export function ioSwitchesPerFrame(round) {
  const io = round.switches.filter(([thread]) =>
    ["renderer/Chrome_ChildIOT", "utility/Chrome_ChildIOT"].includes(thread),
  );
  return io.reduce((sum, [, switches]) => sum + switches, 0) / round.frames;
}

const PAGE_NAMES = {
  bare: "bare",
  floor: "floor (stamps, keeps, counts)",
  inspector: "inspector",
  control: "bare again (control)",
};

/** One table row per round, in the order they ran. */
export function roundRows(rounds) {
  const header = [
    "| round | page | Connect → Closed | all counted | longest task (load / stream / after) | tasks > 50 ms | longest animation frame | CPU used | IO-thread switches per frame | server sent all at / closed | load avg |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  const rows = rounds.map((round) => {
    const phases = ["load", "stream", "after"].map((phase) => longestTask(round, phase));
    const sent = round.server.sent ? s(round.server.sent.ms) : "—";
    const closed = round.server.close
      ? `${round.server.close.code} at ${s(round.server.close.ms)}`
      : "—";
    return `| ${round.round} | ${PAGE_NAMES[round.role]} | ${s(round.elapsedMs)} | ${round.complete ? "yes" : `NO: ${round.texts?.join(", ")}`} | ${ms(longestTask(round))} (${phases.map((value) => value.toFixed(0)).join(" / ")}) | ${round.longTasks.filter((task) => task.duration > 50).length} | ${longestFrame(round)} | ${cpuTotal(round).toFixed(2)} s | ${ioSwitchesPerFrame(round).toFixed(2)} | ${sent} / ${closed} | ${round.load} |`;
  });
  return [...header, ...rows];
}

/** A median ratio with every round's, as the verdict lines print it. */
const ratioValue = (ratios) =>
  `${median(ratios).toFixed(3)} (rounds: ${ratios.map((ratio) => ratio.toFixed(3)).join(", ")})`;

/**
 * The verdicts, by the median round: inspector time over the bare page's (each page's round
 * against the bare round of the same round), and the inspector's longest main-thread task.
 * Beside them, the floor page's time over the bare page's (the least a live capture scores), the
 * inspector's over the floor's, and the control: the bare page's second time over its first.
 */
export function medianFigures(rounds) {
  const of = (role) => rounds.filter((round) => round.role === role);
  const bare = of("bare");
  const inspector = of("inspector");
  /** Each round of `role`: its time over that of the same round's `base` page. */
  const over = (role, base = bare) =>
    of(role).map((round, i) => round.elapsedMs / (base[i]?.elapsedMs ?? Number.NaN));
  const ratios = over("inspector");
  const longest = inspector.map((round) => longestTask(round));
  const cpuRatios = inspector.map((round, i) => cpuTotal(round) / cpuTotal(bare[i] ?? round));
  const medianRatio = median(ratios);
  const medianLongest = median(longest);
  return [
    {
      label: "bare page, Connect → Closed, median",
      value: `${s(median(bare.map((round) => round.elapsedMs)))} (longest task ${ms(median(bare.map((round) => longestTask(round))))})`,
    },
    {
      label: "inspector, Connect → Closed, median",
      value: s(median(inspector.map((round) => round.elapsedMs))),
    },
    {
      label: "inspector / bare, median round",
      value: ratioValue(ratios),
      target: "≤ 1.10",
      met: medianRatio <= 1.1,
    },
    { label: "floor / bare, median round", value: ratioValue(over("floor")) },
    { label: "inspector / floor, median round", value: ratioValue(over("inspector", of("floor"))) },
    { label: "control: bare again / bare, median round", value: ratioValue(over("control")) },
    { label: "CPU used, inspector / bare, median round", value: ratioValue(cpuRatios) },
    {
      label: "inspector's longest main-thread task, median round",
      value: `${ms(medianLongest)} (rounds: ${longest.map((value) => value.toFixed(0)).join(", ")})`,
      target: "< 100 ms",
      met: medianLongest < 100,
    },
    {
      label: "every frame counted, every round",
      value: rounds.every((round) => round.complete) ? "yes" : "no",
      target: "yes",
      met: rounds.every((round) => round.complete),
    },
  ];
}

/** Where the CPU went in each round: seconds per process/thread, the busiest first. */
export function cpuLines(rounds, top = 9) {
  return rounds.map(
    (round) =>
      `  ${round.round} ${round.role.padEnd(9)} ${round.cpu
        .slice(0, top)
        .map(([thread, seconds]) => `${thread} ${seconds.toFixed(2)}`)
        .join(", ")}`,
  );
}
