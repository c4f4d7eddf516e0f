import type { WireSize } from "../../../../echo-server/protocol/wire-size.ts";
import { formatByteAmount, formatByteCount } from "../frames/bytes.ts";
import type { TrafficTotals } from "./traffic.ts";

/** A share as a percentage: one decimal below 10 %, none above (`0.4%`, `27%`, `100%`). */
export function formatPercent(ratio: number): string {
  const percent = ratio * 100;
  if (percent > 0 && percent < 10) return `${(Math.round(percent * 10) / 10).toString()}%`;
  return `${Math.round(percent)}%`;
}

/**
 * The "Wire size" cell: payload bytes on the wire and their share of the frame's size, e.g.
 * `340 B · 28%` (a compressed frame) or `1,234 B · 100%`. `size` is the decompressed size.
 */
export function formatWireCell(wire: WireSize, size: number): string {
  const bytes = formatByteCount(wire.payload);
  return size > 0 ? `${bytes} · ${formatPercent(wire.payload / size)}` : bytes;
}

/** The whole story of one frame on the wire, for a tooltip and the detail pane. */
export function describeWireSize(wire: WireSize, size: number): string {
  const headers = `plus ${formatByteCount(wire.overhead)} of frame headers`;
  if (!wire.compressed)
    return `${formatByteCount(wire.payload)} on the wire, not compressed, ${headers}`;
  const share =
    size > 0 ? ` to ${formatPercent(wire.payload / size)} of ${formatByteCount(size)}` : "";
  return `${formatByteCount(wire.payload)} on the wire, compressed by permessage-deflate${share}, ${headers}`;
}

/**
 * The session's totals on the wire for the status bar, e.g. `Wire: 12.3 KiB for 45.6 KiB (27%)`,
 * or "" when no frame was measured.
 */
export function formatWireTotals(totals: TrafficTotals): string {
  if (totals.measured === 0) return "";
  const share =
    totals.measuredBytes > 0 ? ` (${formatPercent(totals.wireBytes / totals.measuredBytes)})` : "";
  return `Wire: ${formatByteAmount(totals.wireBytes)} for ${formatByteAmount(totals.measuredBytes)}${share}`;
}
