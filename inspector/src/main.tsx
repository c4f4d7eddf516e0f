import { render } from "solid-js/web";
import { startCaptureWorker } from "./capture/capture-client.ts";
import { emptyRelayForm } from "./model/connect/relay-settings.ts";
import { readShareLink } from "./model/connect/share-link.ts";
import { App } from "./ui/layout/App.tsx";
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
// The first render in a task of its own, after the one that evaluated the bundle: together they
// took the page's thread for 65-70 ms of CPU in one piece (bench:inspector's trace), the longest
// task of a session; apart, some 30 and 55 ms, with room for the browser in between.
setTimeout(() =>
  render(
    () => <App client={client} initialUrl={`${scheme}//${location.host}/echo`} initial={initial} />,
    root,
  ),
);
