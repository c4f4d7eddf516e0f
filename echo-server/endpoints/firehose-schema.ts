import protobuf from "protobufjs";

/**
 * The schema of `/firehose?format=protobuf`, served at `/api/schemas/firehose.proto` so the
 * inspector (or protoc) can load it. One source: the server encodes with this very text.
 */
export const FIREHOSE_PROTO = {
  name: "firehose.proto",
  messageType: "socketscope.firehose.Tick",
  source: `syntax = "proto3";

package socketscope.firehose;

// One message of /firehose?format=protobuf.
message Tick {
  uint64 seq = 1;
  // Server time when the message was made, epoch milliseconds.
  int64 sent_at_ms = 2;
  Kind kind = 3;
  oneof detail {
    Quote quote = 4;
    string note = 5;
  }
  repeated sint32 deltas = 6;
  map<string, uint32> counters = 7;
  // Pads the message to about ?size bytes.
  string filler = 8;
}

enum Kind {
  KIND_UNSPECIFIED = 0;
  TICK = 1;
  QUOTE = 2;
}

message Quote {
  string symbol = 1;
  double bid = 2;
  double ask = 3;
}
`,
} as const;

/** Schemas the playground serves at `/api/schemas`. */
export const PLAYGROUND_SCHEMAS = [
  { ...FIREHOSE_PROTO, endpoint: "/firehose?format=protobuf" },
] as const;

const SYMBOLS = ["ACME", "INITECH", "GLOBEX"];

let tickType: protobuf.Type | undefined;

/**
 * The message numbered `seq` (from 1) as a protobuf Tick: every fifth a quote, the others a
 * note; deltas and counters that change with `seq`; filler to about `size` bytes.
 */
export function firehoseTick(seq: number, size: number, now = Date.now()): Uint8Array {
  tickType ??= protobuf
    .parse(FIREHOSE_PROTO.source, { keepCase: true })
    .root.lookupType(FIREHOSE_PROTO.messageType);
  const quote = seq % 5 === 0;
  const price = 100 + (seq % 50) / 4;
  const message: Record<string, unknown> = {
    seq,
    sent_at_ms: now,
    kind: quote ? 2 : 1,
    ...(quote
      ? { quote: { symbol: SYMBOLS[seq % SYMBOLS.length], bid: price, ask: price + 0.25 } }
      : { note: `tick ${seq}` }),
    deltas: [(seq % 7) - 3, -(seq % 11)],
    counters: { even: seq % 2 === 0 ? 1 : 0, mod3: seq % 3 },
  };
  const bare = tickType.encode(tickType.fromObject(message)).finish();
  // Field 8's tag and length take 2 or 3 bytes; the filler makes up the rest of ?size.
  const room = size - bare.length - 3;
  if (room <= 0) return Uint8Array.from(bare);
  message.filler = "abcdefghijklmnopqrstuvwxyz".repeat(Math.ceil(room / 26)).slice(0, room);
  return Uint8Array.from(tickType.encode(tickType.fromObject(message)).finish());
}
