import type { HandshakeReport } from "../../../echo-server/protocol/relay-wire.ts";
import type { FrameEvent, KindName } from "./frame.ts";

/** One captured frame or event, as export and import carry it. */
export interface CapturedFrame {
  /** Epoch milliseconds with sub-millisecond precision. */
  time: number;
  direction: "sent" | "received" | "event";
  kind: KindName;
  /** Text frames: the text; binary, ping and pong frames: the bytes. */
  payload?: string | ArrayBuffer;
  /** Open, close, error and info events: their details. */
  event?: FrameEvent;
}

/** A connection's capture: where it went, how, and every frame. */
export interface Capture {
  url: string;
  protocols: string[];
  /** Epoch ms of the first frame or the connection attempt. */
  startedAt: number;
  handshake?: HandshakeReport;
  frames: CapturedFrame[];
}
