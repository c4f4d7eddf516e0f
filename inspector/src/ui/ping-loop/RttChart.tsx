import { createEffect, onCleanup, onMount } from "solid-js";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { histogram } from "../../model/ping/rtt-stats.ts";

/** Buckets of the RTT histogram. */
const BUCKETS = 30;

/** A live chart of RTT per ping, or their distribution as a histogram. */
export function RttChart(props: {
  series: () => { seqs: number[]; rtts: number[] };
  histogram: boolean;
}) {
  let host!: HTMLDivElement;
  let plot: uPlot | undefined;
  let mode: boolean | undefined;

  function build(width: number) {
    plot?.destroy();
    mode = props.histogram;
    const options: uPlot.Options = props.histogram
      ? {
          width,
          height: 160,
          scales: { x: { time: false } },
          axes: [{ label: "RTT (ms)" }, { label: "pings" }],
          series: [
            {},
            {
              label: "pings",
              fill: "rgba(26,102,210,0.35)",
              stroke: "#1a66d2",
              paths: uPlot.paths.bars?.({ size: [0.9] }),
            },
          ],
          legend: { show: false },
        }
      : {
          width,
          height: 160,
          scales: { x: { time: false } },
          axes: [{ label: "ping #" }, { label: "RTT (ms)" }],
          series: [{}, { label: "RTT (ms)", stroke: "#1a66d2", width: 1, points: { show: false } }],
          legend: { show: false },
        };
    plot = new uPlot(options, data(), host);
  }

  function data(): uPlot.AlignedData {
    const { seqs, rtts } = props.series();
    if (!props.histogram) return [seqs, rtts];
    const { edges, counts } = histogram(rtts, BUCKETS);
    return [edges, counts];
  }

  onMount(() => {
    build(host.clientWidth || 400);
    const observer = new ResizeObserver(() =>
      plot?.setSize({ width: host.clientWidth, height: 160 }),
    );
    observer.observe(host);
    onCleanup(() => {
      observer.disconnect();
      plot?.destroy();
    });
  });

  createEffect(() => {
    const next = data();
    if (mode !== props.histogram) build(host.clientWidth || 400);
    else plot?.setData(next);
  });

  return (
    <div
      class="rtt-chart"
      ref={host}
      role="img"
      aria-label={props.histogram ? "RTT histogram" : "RTT per ping"}
    />
  );
}
