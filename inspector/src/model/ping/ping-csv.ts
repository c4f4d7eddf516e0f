/** One ping's row in the CSV export. */
export interface PingRow {
  seq: number;
  /** Worker timestamp of the send, epoch ms. */
  sentAt: number;
  /** Round trip in ms; NaN when lost. */
  rtt: number;
}

/** CSV of a ping run: one line per ping, times in ms with microsecond precision. */
export function pingResultsCsv(rows: PingRow[]): string {
  const lines = ["seq,sent_at_epoch_ms,rtt_ms,status"];
  const sorted = [...rows].sort((a, b) => a.seq - b.seq);
  for (const row of sorted) {
    const lost = Number.isNaN(row.rtt);
    lines.push(
      `${row.seq},${row.sentAt.toFixed(3)},${lost ? "" : row.rtt.toFixed(3)},${lost ? "lost" : "ok"}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
