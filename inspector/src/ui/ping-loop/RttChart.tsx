import { createEffect, onCleanup, onMount } from "solid-js";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { histogram } from "../../../../echo-server/protocol/rtt-stats.ts";

/** Buckets of the RTT histogram. */
const BUCKETS = 30;

/** Tick steps of the ping-number axis. */
const PING_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 100_000];

/**
 * A live chart of RTT per ping, or their distribution as a histogram. Each run starts the chart
 * over: the x-axis spans this run's pings (1 to the last sent), so it never keeps the previous
 * run's, even when nothing was answered (a run that loses everything has no points to rescale by).
 */
export function RttChart(props: {
  series: () => { run: number; seqs: number[]; rtts: number[] };
  /** Pings sent so far in this run. */
  sent: () => number;
  histogram: boolean;
}) {
  let host!: HTMLDivElement;
  let plot: uPlot | undefined;
  let mode: boolean | undefined;
  let run: number | undefined;

  function build(width: number) {
    plot?.destroy();
    mode = props.histogram;
    run = props.series().run;
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
          // Ping numbers are whole: ticks at whole steps only.
          axes: [{ label: "ping #", incrs: PING_STEPS }, { label: "RTT (ms)" }],
          series: [{}, { label: "RTT (ms)", stroke: "#1a66d2", width: 1, points: { show: false } }],
          legend: { show: false },
        };
    plot = new uPlot(options, data(), host);
    fitPings();
  }

  /** The per-ping x-axis: 1 to the last ping sent in this run (its own, whatever was answered). */
  function fitPings() {
    if (!plot || props.histogram) return;
    const { seqs } = props.series();
    const max = Math.max(2, props.sent(), seqs.at(-1) ?? 0);
    plot.setScale("x", { min: 1, max });
    // For tests and tools: the x-axis in effect (the canvas does not say).
    host.dataset.xMin = "1";
    host.dataset.xMax = String(max);
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
    props.sent();
    if (mode !== props.histogram || run !== props.series().run) build(host.clientWidth || 400);
    else {
      plot?.setData(next);
      fitPings();
    }
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
