import { createRoot, createSignal, onCleanup } from "solid-js";
import type { CaptureClient } from "../capture/capture-client.ts";
import { MAX_LAB_CLIENTS } from "../model/connect/room-lab-form.ts";
import { type Connection, createConnection } from "./connection.ts";

/** Connection ids of lab clients start here, clear of the session tabs' ids. */
const LAB_ID_BASE = 100_000;

/** A room lab: N clients on one room URL, each with its own log. */
export interface RoomLab {
  readonly clients: () => Connection[];
  /** Opens `count` clients to `url` (closing any already open). */
  open(url: string, count: number): void;
  closeAll(): void;
}

/** The room lab, sharing the page's capture worker; disposing its owner closes its clients. */
export function createRoomLab(client: CaptureClient): RoomLab {
  const [clients, setClients] = createSignal<Connection[]>([]);
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
    open(url, count) {
      closeAll();
      createRoot((release) => {
        dispose = release;
        const opened = Array.from({ length: Math.min(count, MAX_LAB_CLIENTS) }, (_, i) =>
          createConnection(client, LAB_ID_BASE + i),
        );
        for (const connection of opened) connection.connect(url, []);
        setClients(opened);
      });
    },
    closeAll,
  };
}
