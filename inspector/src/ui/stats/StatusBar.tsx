import { formatByteAmount, groupThousands } from "../../model/bytes.ts";
import type { Connection } from "../../state/connection.ts";

/** Frame counts and bytes for the connection, and the clock resolution in effect. */
export function StatusBar(props: {
  connection: Connection;
  crossOriginIsolated: boolean | undefined;
}) {
  const totals = () => props.connection.totals();
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
      <span>
        Bytes in: {formatByteAmount(totals().bytesIn)} · out: {formatByteAmount(totals().bytesOut)}
      </span>
      <span class="status-clock">{clock()}</span>
    </section>
  );
}
