/**
 * A scenario result as text: for people (`pretty`), for TAP consumers, as JUnit XML for CI, or
 * as JSON. Pure string building, so the inspector can offer the same files for download.
 */
import type { ScenarioResult, StepResult } from "./types.ts";

/** The reporters the CLI offers. */
export const REPORTERS = ["pretty", "tap", "junit", "json"] as const;
export type ReporterName = (typeof REPORTERS)[number];

/** Writes `result` in the reporter's format. */
export function formatResult(result: ScenarioResult, reporter: ReporterName): string {
  switch (reporter) {
    case "pretty":
      return pretty(result);
    case "tap":
      return tap(result);
    case "junit":
      return junit(result);
    case "json":
      return `${JSON.stringify(result, null, 2)}\n`;
  }
}

const finished = (steps: StepResult[]) => steps.filter((step) => step.status !== "running");
const label = (step: StepResult) =>
  step.index < 0
    ? `${step.client}: ${step.name}`
    : `${step.client} #${step.index + 1}: ${step.name}`;
const duration = (ms: number) =>
  ms < 1000 ? `${ms.toFixed(ms < 10 ? 1 : 0)} ms` : `${(ms / 1000).toFixed(2)} s`;

function pretty(result: ScenarioResult): string {
  const lines: string[] = [];
  const marks = { passed: "✓", failed: "✗", skipped: "-", running: "…" } as const;
  for (const step of finished(result.steps)) {
    lines.push(
      `${marks[step.status]} ${label(step)} (${duration(step.durationMs)})${step.message && step.status !== "failed" ? ` — ${step.message}` : ""}`,
    );
    if (step.status === "failed") {
      lines.push(`    ${step.message ?? "failed"}`);
      if (step.expected !== undefined) lines.push("    expected:", indent(step.expected, 6));
      if (step.received !== undefined) lines.push("    received:", indent(step.received, 6));
    }
  }
  const counts = count(result.steps);
  lines.push(
    "",
    `${result.passed ? "PASS" : "FAIL"} ${result.name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped in ${duration(result.durationMs)}`,
  );
  return `${lines.join("\n")}\n`;
}

function tap(result: ScenarioResult): string {
  const steps = finished(result.steps);
  const lines = ["TAP version 13", `1..${steps.length}`];
  steps.forEach((step, i) => {
    const ok = step.status !== "failed";
    lines.push(
      `${ok ? "ok" : "not ok"} ${i + 1} - ${label(step).replace(/#/g, "no.")}${step.status === "skipped" ? " # SKIP" : ""}`,
    );
    if (!ok) {
      lines.push("  ---", `  message: ${JSON.stringify(step.message ?? "failed")}`);
      if (step.expected !== undefined) lines.push(`  expected: ${JSON.stringify(step.expected)}`);
      if (step.received !== undefined) lines.push(`  received: ${JSON.stringify(step.received)}`);
      lines.push("  ...");
    }
  });
  return `${lines.join("\n")}\n`;
}

function junit(result: ScenarioResult): string {
  const steps = finished(result.steps);
  const counts = count(steps);
  const cases = steps.map((step) => {
    const open = `    <testcase classname="${xml(`${result.name}.${step.client}`)}" name="${xml(label(step))}" time="${(step.durationMs / 1000).toFixed(3)}"`;
    if (step.status === "skipped") return `${open}>\n      <skipped/>\n    </testcase>`;
    if (step.status !== "failed") return `${open}/>`;
    const detail = [
      step.message ?? "",
      step.expected !== undefined ? `expected:\n${step.expected}` : "",
      step.received !== undefined ? `received:\n${step.received}` : "",
    ]
      .filter(Boolean)
      .join("\n");
    return `${open}>\n      <failure message="${xml(step.message ?? "failed")}">${xml(detail)}</failure>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="socketscope" tests="${steps.length}" failures="${counts.failed}" skipped="${counts.skipped}" time="${(result.durationMs / 1000).toFixed(3)}">`,
    `  <testsuite name="${xml(result.name)}" tests="${steps.length}" failures="${counts.failed}" skipped="${counts.skipped}" time="${(result.durationMs / 1000).toFixed(3)}">`,
    ...cases,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}

function count(steps: StepResult[]) {
  return {
    passed: steps.filter((step) => step.status === "passed").length,
    failed: steps.filter((step) => step.status === "failed").length,
    skipped: steps.filter((step) => step.status === "skipped").length,
  };
}

function indent(text: string, spaces: number): string {
  const pad = " ".repeat(spaces);
  return text
    .split("\n")
    .map((line) => pad + line)
    .join("\n");
}

/** Text safe in XML attributes and content; characters XML 1.0 cannot hold become U+FFFD. */
function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "\uFFFD")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}
