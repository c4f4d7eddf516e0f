import { render } from "solid-js/web";
import { startCaptureWorker } from "./capture/capture-client.ts";
import { emptyRelayForm } from "./model/connect/relay-settings.ts";
import { readShareLink } from "./model/connect/share-link.ts";
import { nextTask } from "./state/next-task.ts";
import "./styles.css";

const scheme = location.protocol === "https:" ? "wss:" : "ws:";
const root = document.getElementById("root");
if (!root) throw new Error("SocketScope: #root is missing from index.html");
// One worker for the page, made here: a JSX prop expression is re-evaluated on every read.
const client = startCaptureWorker();
const shared = readShareLink(location.search)?.setup;
const initial = shared
  ? {
      url: shared.url,
      protocols: shared.protocols,
      reconnect: false,
      viaRelay: shared.viaRelay,
      relay: {
        ...emptyRelayForm,
        headers: shared.headers.map(([name, value]) => ({ name, value })),
      },
    }
  : undefined;
// The page starts in five tasks, with room for the browser between them. It used to start in
// two, the bundle's evaluation and then the first render, and the longer took the page's thread
// for a median 81 ms of wall time at load (58-135 ms over ten loads), near the 100 ms that
// bench:inspector allows; in five, 55 ms (0-76 ms). See the README's performance section.
// 1. This module: the capture worker starts, and ICU's locale data loads. Kobalte asks Intl for
//    the default locale as its module is evaluated, and the first question to Intl loads that
//    data, some 10-20 ms of CPU; asked here, it is paid before the app's modules are evaluated.
// 2. The app's modules, evaluated as a chunk of their own.
// 3. The first render: the header and the tabs (App.tsx).
// 4. Each session's connection bar, log and status bar (App.tsx).
// 5. Each session's bottom panel (Workbench.tsx).
const locale = navigator.language || "en-US";
try {
  Intl.DateTimeFormat.supportedLocalesOf([locale]);
  new Intl.Locale(locale).maximize();
} catch {
  // Kobalte falls back to en-US itself.
}

async function start(root: HTMLElement) {
  const { App } = await import("./ui/layout/App.tsx");
  await nextTask();
  render(
    () => <App client={client} initialUrl={`${scheme}//${location.host}/echo`} initial={initial} />,
    root,
  );
}
start(root).catch((error: unknown) => {
  // The app's chunk failed to load (the server was rebuilt since this page loaded, or stopped),
  // or its first render threw: say so where the app would be, rather than leave the page blank.
  const message = document.createElement("p");
  message.className = "startup-error";
  message.setAttribute("role", "alert");
  message.textContent = `SocketScope could not start: ${error instanceof Error ? error.message : String(error)}. Reload the page.`;
  root.replaceChildren(message);
  throw error;
});
