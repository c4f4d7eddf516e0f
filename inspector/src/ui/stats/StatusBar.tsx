import { formatByteAmount, groupThousands } from "../../model/frames/bytes.ts";
import type { Connection } from "../../state/connection.ts";
import { RetentionLimits } from "./RetentionLimits.tsx";

/** Frame counts, bytes and rates for the connection, and the clock resolution in effect. */
export function StatusBar(props: {
  connection: Connection;
  crossOriginIsolated: boolean | undefined;
}) {
  const totals = () => props.connection.totals();
  const rates = () => props.connection.rates();
  const dropped = () => props.connection.dropped();
  const clock = () =>
    props.crossOriginIsolated === undefined
      ? "Clock: …"
      : props.crossOriginIsolated
        ? "Clock: 5 µs (cross-origin isolated)"
        : "Clock: 100 µs (not cross-origin isolated)";
  return (
    <section class="status-bar" aria-label="Status bar">
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
        Bytes in: {formatByteAmount(totals().bytesIn)} · out: {formatByteAmount(totals().bytesOut)}
      </span>
      <span>
        Rate in: {groupThousands(Math.round(rates().in))}/s · out:{" "}
        {groupThousands(Math.round(rates().out))}/s
      </span>
      <RetentionLimits connection={props.connection} />
      <span class="status-clock">{clock()}</span>
    </section>
  );
}
