import { formatByteAmount, groupThousands } from "../../model/frames/bytes.ts";
import { useSession } from "../../state/session-context.ts";
import { RetentionLimits } from "./RetentionLimits.tsx";

/** Frame counts, bytes and rates for the connection, and the clock resolution in effect. */
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
      <RetentionLimits />
      <span class="status-clock">{clock()}</span>
    </section>
  );
}
