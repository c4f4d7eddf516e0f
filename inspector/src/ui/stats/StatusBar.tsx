import { formatByteAmount, groupThousands } from "../../model/frames/bytes.ts";
import { formatWireTotals } from "../../model/log/wire-size.ts";
import { useSession } from "../../state/session-context.ts";
import { RetentionLimits } from "./RetentionLimits.tsx";

/**
 * Frame counts, bytes and rates for the connection, the retention limits and the clock resolution
 * in effect, on one line. The counters grow into the free space on their right and are cut, not
 * wrapped, when the line is full; the limits and the clock keep their place at the right end.
 */
export function StatusBar(props: { crossOriginIsolated: boolean | undefined }) {
  const { connection } = useSession();
  const totals = () => connection.totals();
  const rates = () => connection.rates();
  const dropped = () => connection.dropped();
  const clock = () =>
    props.crossOriginIsolated === undefined
      ? "Clock: …"
      : props.crossOriginIsolated
        ? "Clock: 5 µs (cross-origin isolated)"
        : "Clock: 100 µs (not cross-origin isolated)";
  return (
    <section class="status-bar" aria-label="Status bar">
      <div class="status-counters">
        <span>In: {groupThousands(totals().framesIn)}</span>
        <span>Out: {groupThousands(totals().framesOut)}</span>
        <span>Events: {groupThousands(totals().events)}</span>
        <span
          class={dropped() > 0 ? "warning" : undefined}
          title="Oldest frames dropped to stay within the retention limits"
        >
          Dropped: {groupThousands(dropped())}
        </span>
        <span>
          Bytes in: {formatByteAmount(totals().bytesIn)} · out:{" "}
          {formatByteAmount(totals().bytesOut)}
        </span>
        {formatWireTotals(totals()) && (
          <span title="Payload bytes on the wire, as the relay measured them, for their decompressed size">
            {formatWireTotals(totals())}
          </span>
        )}
        <span>
          Rate in: {groupThousands(Math.round(rates().in))}/s · out:{" "}
          {groupThousands(Math.round(rates().out))}/s
        </span>
      </div>
      <RetentionLimits />
      <span class="status-clock" title={clock()}>
        {clock()}
      </span>
    </section>
  );
}
