import { createRoot, createSignal, onCleanup } from "solid-js";
import type { CaptureClient } from "../capture/capture-client.ts";
import { MAX_LAB_CLIENTS } from "../model/connect/room-lab-form.ts";
import { type Connection, createConnection } from "./connection.ts";

/** Connection ids of lab clients start here, clear of the session tabs' ids. */
const LAB_ID_BASE = 100_000;

/** The lab's form as typed; it outlives the panel, so leaving the lab and coming back keeps it. */
export interface RoomLabForm {
  readonly url: () => string;
  setUrl(url: string): void;
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
 * A room lab: N clients on one room URL, each with its own log. The lab is a mode of the app:
 * while it is shown the session tabs are not, and picking a tab leaves it.
 */
export interface RoomLab {
  readonly clients: () => Connection[];
  /** Opens `count` clients to `url` (closing any already open). */
  open(url: string, count: number): void;
  closeAll(): void;
  /** The lab is shown instead of the session tabs. */
  readonly shown: () => boolean;
  setShown(shown: boolean): void;
  readonly form: RoomLabForm;
}

/** The room lab, sharing the page's capture worker; disposing its owner closes its clients. */
export function createRoomLab(client: CaptureClient, defaultUrl = ""): RoomLab {
  const [clients, setClients] = createSignal<Connection[]>([]);
  const [shown, setShown] = createSignal(false);
  const [url, setUrl] = createSignal(defaultUrl);
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
    open(openUrl, openCount) {
      closeAll();
      createRoot((release) => {
        dispose = release;
        const opened = Array.from({ length: Math.min(openCount, MAX_LAB_CLIENTS) }, (_, i) =>
          createConnection(client, LAB_ID_BASE + i),
        );
        for (const connection of opened) connection.connect(openUrl, []);
        setClients(opened);
        if (sender() >= opened.length) setSender(0);
      });
    },
    closeAll,
    shown,
    setShown,
    form: { url, setUrl, count, setCount, sender, setSender, message, setMessage },
  };
}
