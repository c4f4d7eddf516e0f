// Formatting of the runner's output: figures, per-server lines, verdicts and the final table.
import { execFileSync } from "node:child_process";
import { loadavg } from "node:os";

/** An integer with thousands separators. */
export const int = (n) => Math.round(n).toLocaleString("en-US");

/** Milliseconds with two decimals. */
export const ms = (n) => `${n.toFixed(2)} ms`;

/** MiB with one decimal. */
export const mib = (n) => `${n.toFixed(1)} MiB`;

/** A share (of one core, of the time, …) as a percentage; "n/a" when unknown. */
export const pct = (share) => (Number.isNaN(share) ? "n/a" : `${Math.round(share * 100)}%`);

/** "met" or "MISSED". */
export const verdict = (ok) => (ok ? "met" : "MISSED");

/** Whether other processes took enough CPU during a measurement to spoil it. */
export const noisy = (result) => result.otherCpu > 0.25;

/** "met" or "MISSED" when the measurement can be trusted, "inconclusive" otherwise. */
export const judge = (ok, reliable) => (reliable ? verdict(ok) : "inconclusive (see warnings)");

/** How many benchmarks the runner has (for the "[i/n]" headings). */
export const BENCHMARKS = 5;

/** Prints a benchmark's heading. */
export function heading(index, title, setup) {
  console.log(`\n[${index}/${BENCHMARKS}] ${title}\n      ${setup}`);
}

/** The machine's load right now, as `uptime` prints it (or the load averages without it). */
export function uptime() {
  try {
    return execFileSync("uptime", { encoding: "utf8" }).trim();
  } catch {
    return `load average: ${loadavg()
      .map((n) => n.toFixed(2))
      .join(", ")}`;
  }
}

/** The median of some numbers (the lower middle one for an even count); NaN when none. */
export function median(values) {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : Number.NaN;
}

/** Prints one server's figures, with its warnings (lost messages, drops, …) if any. */
export function serverLine(label, text, warnings = []) {
  console.log(`  ${label.padEnd(12)} ${text}`);
  for (const warning of warnings) console.log(`  ${"".padEnd(12)} warning: ${warning}`);
}

/** Prints the comparison line of a benchmark. */
export function comparisonLine(text) {
  console.log(`  → ${text}`);
}

/** Warnings worth printing from a result: anything that means the figures are suspect. */
export function warningsOf(result) {
  const warnings = [];
  if (result.otherCpu > 0.1) {
    warnings.push(
      `other processes on this machine used ${pct(result.otherCpu)} of a core meanwhile: figures are skewed`,
    );
  }
  if (result.lost > 0) warnings.push(`${int(result.lost)} messages never came back`);
  if (result.wrong > 0) warnings.push(`${int(result.wrong)} echoes of the wrong type or size`);
  if (result.unexpectedCloses > 0)
    warnings.push(`${int(result.unexpectedCloses)} connections closed during the run`);
  const stats = result.serverStats;
  if (stats?.drops > 0)
    warnings.push(`server dropped ${int(stats.drops)} messages (slow consumer)`);
  if (stats?.rateLimited > 0)
    warnings.push(`server rate-limited ${int(stats.rateLimited)} messages`);
  if (stats?.refusedConnections > 0)
    warnings.push(`server refused ${int(stats.refusedConnections)} connections`);
  return warnings;
}

/** A markdown table of `rows` (arrays of cells) under `header`. */
export function markdownTable(header, rows) {
  const line = (cells) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}
