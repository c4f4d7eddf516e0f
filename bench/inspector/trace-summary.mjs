// Chromium trace summaries: CPU per thread, where the page's main thread spent it, garbage
// collection per thread, and what the longest main-thread tasks were made of.

/** Trace categories the summary reads. */
export const TRACE_CATEGORIES = [
  "toplevel",
  "devtools.timeline",
  "disabled-by-default-devtools.timeline",
  "disabled-by-default-v8.gc",
  "disabled-by-default-devtools.timeline.stack",
];

// The outermost task event of each thread (DevTools' "RunTask" nests inside it, so only one counts).
const TASK_NAMES = new Set(["ThreadControllerImpl::RunTask"]);
const GC_NAMES = new Set([
  "MinorGC",
  "MajorGC",
  "V8.GCScavenger",
  "V8.GCFinalizeMC",
  "V8.GCIncrementalMarking",
  "V8.GC_MC_BACKGROUND_MARKING",
  "V8.GC_SCAVENGER_BACKGROUND_SCAVENGE_PARALLEL",
  "V8.GC_MC_BACKGROUND_EVACUATE_COPY",
  "V8.GC_MC_BACKGROUND_SWEEPING",
]);
/** Main-thread work worth naming. */
const MAIN_WORK = [
  "FunctionCall",
  "v8.callFunction",
  "TimerFire",
  "FireAnimationFrame",
  "EventDispatch",
  "UpdateLayoutTree",
  "Layout",
  "PrePaint",
  "Paint",
  "Layerize",
  "Commit",
  "HitTest",
  "ParseHTML",
  "EvaluateScript",
  "v8.compile",
  "v8.compileModule",
  "v8.evaluateModule",
  "MinorGC",
  "MajorGC",
];

const ms = (us) => (us ?? 0) / 1000;

const TRACE_HEAD = '{"traceEvents":[';
/** How the last event's line ends: the array closes, then the metadata, or the object, follow. */
const LAST_EVENT_ENDS = ['],"metadata":', "]}", "]"];

/**
 * The events of a trace buffer. The trace of a full 200,000-frame round is larger than the
 * longest string V8 can make (512 MiB), so it cannot be parsed whole. Chromium writes one event
 * per line, and each line is parsed alone; a trace laid out otherwise, or cut short, is parsed
 * whole.
 */
export function traceEventsOf(buffer) {
  const whole = () => JSON.parse(buffer.toString("utf8")).traceEvents;
  const firstLineEnd = buffer.indexOf(10);
  if (firstLineEnd < 0 || buffer.toString("utf8", 0, firstLineEnd) !== TRACE_HEAD) return whole();
  const events = [];
  for (let start = firstLineEnd + 1; start < buffer.length; ) {
    const newline = buffer.indexOf(10, start);
    const end = newline < 0 ? buffer.length : newline;
    const line = buffer.toString("utf8", start, end);
    start = end + 1;
    if (line.endsWith(",")) {
      events.push(JSON.parse(line.slice(0, -1)));
      continue;
    }
    const last = LAST_EVENT_ENDS.find((ending) => line.endsWith(ending));
    // Not one event per line after all (or cut short): JSON.parse says what is wrong with it.
    if (last === undefined) return whole();
    const event = line.slice(0, -last.length);
    if (event !== "") events.push(JSON.parse(event));
    break;
  }
  return events;
}

/**
 * Summarizes a trace buffer between `fromUs` and `toUs` (trace clock; whole trace when absent):
 * per thread (process, name) CPU of its top-level tasks and GC; the main threads' work by name;
 * the longest tasks of the pages' main threads (not the browser's own WebUI), with what they held.
 */
export function summarizeTrace(buffer, { fromUs = -Infinity, toUs = Infinity } = {}) {
  const traceEvents = traceEventsOf(buffer);
  const threadNames = new Map();
  const processNames = new Map();
  for (const event of traceEvents) {
    if (event.name === "thread_name") threadNames.set(`${event.pid}:${event.tid}`, event.args.name);
    if (event.name === "process_name") processNames.set(event.pid, event.args.name);
  }
  const nameOf = (event) =>
    `${processNames.get(event.pid) ?? event.pid} ${threadNames.get(`${event.pid}:${event.tid}`) ?? event.tid}`;
  const inWindow = (event) => event.ts >= fromUs && event.ts <= toUs;
  const threads = new Map();
  const thread = (event) => {
    const key = nameOf(event);
    let entry = threads.get(key);
    if (!entry) {
      entry = {
        name: key,
        taskCpuMs: 0,
        taskWallMs: 0,
        tasks: 0,
        gcMs: 0,
        work: new Map(),
        longest: [],
      };
      threads.set(key, entry);
    }
    return entry;
  };
  const mainTasks = [];
  for (const event of traceEvents) {
    if (event.ph !== "X" || !inWindow(event)) continue;
    const entry = thread(event);
    if (TASK_NAMES.has(event.name)) {
      entry.taskCpuMs += ms(event.tdur);
      entry.taskWallMs += ms(event.dur);
      entry.tasks++;
      if (entry.name === "Renderer CrRendererMain") mainTasks.push(event);
    }
    if (GC_NAMES.has(event.name)) entry.gcMs += ms(event.dur);
    if (MAIN_WORK.includes(event.name))
      entry.work.set(event.name, (entry.work.get(event.name) ?? 0) + ms(event.dur));
  }
  // The longest main-thread tasks by CPU, and the named work nested directly inside each.
  const longest = mainTasks
    .sort((a, b) => (b.tdur ?? 0) - (a.tdur ?? 0))
    .slice(0, 5)
    .map((task) => {
      const inside = traceEvents.filter(
        (event) =>
          event.ph === "X" &&
          event.pid === task.pid &&
          event.tid === task.tid &&
          event.ts >= task.ts &&
          event.ts + (event.dur ?? 0) <= task.ts + task.dur &&
          MAIN_WORK.includes(event.name),
      );
      const parts = new Map();
      for (const event of inside)
        parts.set(event.name, (parts.get(event.name) ?? 0) + ms(event.dur));
      return {
        cpuMs: ms(task.tdur),
        wallMs: ms(task.dur),
        atUs: task.ts,
        parts: [...parts.entries()],
      };
    });
  return {
    threads: [...threads.values()]
      .filter((entry) => entry.taskCpuMs > 5 || entry.gcMs > 5)
      .sort((a, b) => b.taskCpuMs - a.taskCpuMs),
    longest,
  };
}
