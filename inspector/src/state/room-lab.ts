import { createRoot, createSignal, onCleanup } from "solid-js";
import type { CaptureClient } from "../capture/capture-client.ts";
import { labClientUrl, MAX_LAB_CLIENTS } from "../model/connect/room-lab-form.ts";
import { type Connection, createConnection } from "./connection.ts";

/** Connection ids of lab clients start here, clear of the session tabs' ids. */
const LAB_ID_BASE = 100_000;

/** The lab's form as typed; it outlives the panel, so leaving the lab and coming back keeps it. */
export interface RoomLabForm {
  readonly url: () => string;
  setUrl(url: string): void;
  /** A second server's URL, or empty. */
  readonly secondUrl: () => string;
  setSecondUrl(url: string): void;
  /** Clients to open, as typed. */
  readonly count: () => string;
  setCount(count: string): void;
  /** Index of the client that sends. */
  readonly sender: () => number;
  setSender(index: number): void;
  readonly message: () => string;
  setMessage(message: string): void;
}

/**
 * A room lab: N clients on a room, each with its own log, on one server or taking two in turn
 * (two processes that share rooms through Redis). The lab is a mode of the app:
 * while it is shown the session tabs are not, and picking a tab leaves it.
 */
export interface RoomLab {
  readonly clients: () => Connection[];
  /** The URLs the open clients took in turn. */
  readonly urls: () => string[];
  /** Opens `count` clients over `urls`, in turn (closing any already open). */
  open(urls: string[], count: number): void;
  closeAll(): void;
  /** The lab is shown instead of the session tabs. */
  readonly shown: () => boolean;
  setShown(shown: boolean): void;
  readonly form: RoomLabForm;
}

/** The room lab, sharing the page's capture worker; disposing its owner closes its clients. */
export function createRoomLab(client: CaptureClient, defaultUrl = ""): RoomLab {
  const [clients, setClients] = createSignal<Connection[]>([]);
  const [urls, setUrls] = createSignal<string[]>([]);
  const [shown, setShown] = createSignal(false);
  const [url, setUrl] = createSignal(defaultUrl);
  const [secondUrl, setSecondUrl] = createSignal("");
  const [count, setCount] = createSignal("5");
  const [sender, setSender] = createSignal(0);
  const [message, setMessage] = createSignal("hello room");
  let dispose: (() => void) | undefined;

  function closeAll() {
    for (const connection of clients()) connection.disconnect(1000, "Room lab closed");
    dispose?.();
    dispose = undefined;
    setClients([]);
  }

  onCleanup(closeAll);

  return {
    clients,
    urls,
    open(openUrls, openCount) {
      closeAll();
      createRoot((release) => {
        dispose = release;
        const opened = Array.from({ length: Math.min(openCount, MAX_LAB_CLIENTS) }, (_, i) =>
          createConnection(client, LAB_ID_BASE + i),
        );
        opened.forEach((connection, i) => {
          connection.connect(labClientUrl(openUrls, i), []);
        });
        setUrls(openUrls);
        setClients(opened);
        if (sender() >= opened.length) setSender(0);
      });
    },
    closeAll,
    shown,
    setShown,
    form: {
      url,
      setUrl,
      secondUrl,
      setSecondUrl,
      count,
      setCount,
      sender,
      setSender,
      message,
      setMessage,
    },
  };
}
