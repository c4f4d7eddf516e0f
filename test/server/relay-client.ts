import WebSocket from "ws";
import {
  DataKind,
  decodeIncoming,
  encodeOutgoing,
  type RelayCommand,
  type RelayEvent,
  type WireSize,
} from "../../echo-server/protocol/relay-wire.ts";

/**
 * A client of the relay at `baseUrl` (the server's http URL), sending `origin`, that collects
 * events and data frames.
 */
export async function openRelayClient(baseUrl: string, origin = baseUrl) {
  const ws = new WebSocket(`${baseUrl.replace("http", "ws")}/relay`, { origin });
  const events: RelayEvent[] = [];
  const data: { kind: number; time: number; text: string; wire?: WireSize }[] = [];
  ws.on("message", (raw: Buffer, isBinary: boolean) => {
    if (!isBinary) events.push(JSON.parse(raw.toString()));
    else {
      const frame = decodeIncoming(
        raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength) as ArrayBuffer,
      );
      if (frame)
        data.push({
          kind: frame.kind,
          time: frame.time,
          text: Buffer.from(frame.payload).toString(),
          ...(frame.wire ? { wire: frame.wire } : {}),
        });
    }
  });
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  const until = async <T>(find: () => T | undefined, timeoutMs = 3000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`timed out; events: ${JSON.stringify(events)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const event = <K extends RelayEvent["type"]>(
    type: K,
    where: (e: Extract<RelayEvent, { type: K }>) => boolean = () => true,
  ) =>
    until(() =>
      events.find(
        (e): e is Extract<RelayEvent, { type: K }> => e.type === type && where(e as never),
      ),
    );
  return {
    ws,
    events,
    data,
    until,
    event,
    command: (command: RelayCommand) => ws.send(JSON.stringify(command)),
    sendText: (text: string) => ws.send(encodeOutgoing(DataKind.Text, Buffer.from(text))),
    sendBinary: (bytes: Buffer) => ws.send(encodeOutgoing(DataKind.Binary, bytes)),
  };
}

/** A relay client as `openRelayClient` makes it. */
export type RelayClient = Awaited<ReturnType<typeof openRelayClient>>;
