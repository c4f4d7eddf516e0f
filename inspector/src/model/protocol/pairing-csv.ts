import type { NameStats } from "../../../../echo-server/protocol/pairing/pairing.ts";

/**
 * A value as one CSV field: quoted when it holds a comma, a quote or a line break; and text a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR at the start) is kept as text
 * with a leading `'`. Names come from the server, so they are not trusted to be harmless.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const ms = (value: number) => (Number.isNaN(value) ? "" : value.toFixed(3));

/** The statistics per method, event or operation, as CSV; latencies in ms. */
export function pairingCsv(names: readonly NameStats[]): string {
  const lines = ["name,count,answered,p50_ms,p95_ms,max_ms,errors,unanswered,latencies_sampled"];
  for (const row of names)
    lines.push(
      [
        csvField(row.name),
        row.count,
        row.answered,
        ms(row.p50),
        ms(row.p95),
        ms(row.max),
        row.errors,
        row.unanswered,
        row.sampled,
      ].join(","),
    );
  return `${lines.join("\n")}\n`;
}
