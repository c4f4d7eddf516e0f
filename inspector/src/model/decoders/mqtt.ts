import type { Payload } from "../frames/frame.ts";
import type { DecodedPayload, Decoder } from "./decoder.ts";
import {
  ALLOWED_PROPERTIES,
  CONNACK_RETURN_CODES,
  REASON_CODES,
  readProperties,
} from "./mqtt-properties.ts";
import { MqttFormatError, MqttReader } from "./mqtt-reader.ts";
import { clip, listSummary, textOrBytes } from "./tree.ts";

/** The MQTT protocol level: 3 is MQTT 3.1, 4 is 3.1.1, 5 is 5.0. */
export type MqttLevel = 3 | 4 | 5;

/** Control packet names by the packet type in the high nibble of the first byte. */
const PACKET_TYPES = [
  "Reserved",
  "CONNECT",
  "CONNACK",
  "PUBLISH",
  "PUBACK",
  "PUBREC",
  "PUBREL",
  "PUBCOMP",
  "SUBSCRIBE",
  "SUBACK",
  "UNSUBSCRIBE",
  "UNSUBACK",
  "PINGREQ",
  "PINGRESP",
  "DISCONNECT",
  "AUTH",
] as const;

type PacketType = (typeof PACKET_TYPES)[number];

const VERSION_NAMES: Record<MqttLevel, string> = { 3: "3.1", 4: "3.1.1", 5: "5.0" };

/** One parsed control packet: its tree node and the words after "MQTT" in a summary. */
interface Packet {
  value: Record<string, unknown>;
  summary: string;
}

const fail = (why: string): never => {
  throw new MqttFormatError(why);
};

/** A non-zero packet identifier, as every packet that has one requires. */
function packetId(reader: MqttReader): number {
  const id = reader.u16();
  return id === 0 ? fail("packet identifier 0") : id;
}

/** A reason code's name, or a failure for codes MQTT 5 does not define. */
function reasonName(code: number, zeroName = "Success"): string {
  if (code === 0) return zeroName;
  return REASON_CODES[code] ?? fail(`unknown reason code 0x${code.toString(16)}`);
}

function readConnect(reader: MqttReader): Packet {
  const protocolName = reader.utf8();
  const level = reader.u8();
  if (
    !(
      (protocolName === "MQTT" && (level === 4 || level === 5)) ||
      (protocolName === "MQIsdp" && level === 3)
    )
  ) {
    fail("unknown protocol");
  }
  const v5 = level === 5;
  const flags = reader.u8();
  const will = (flags & 0x04) !== 0;
  const willQos = (flags >> 3) & 0x03;
  const willRetain = (flags & 0x20) !== 0;
  const hasPassword = (flags & 0x40) !== 0;
  const hasUsername = (flags & 0x80) !== 0;
  if ((flags & 0x01) !== 0 || willQos === 3) fail("bad connect flags");
  if (!will && (willQos !== 0 || willRetain)) fail("will QoS or retain without a will");
  if (!v5 && hasPassword && !hasUsername) fail("password without user name");

  const value: Record<string, unknown> = {
    type: "CONNECT",
    version: VERSION_NAMES[level as MqttLevel],
    protocolName,
    protocolLevel: level,
    [v5 ? "cleanStart" : "cleanSession"]: (flags & 0x02) !== 0,
    keepAlive: reader.u16(),
  };
  if (v5) value.properties = readProperties(reader, ALLOWED_PROPERTIES.CONNECT);
  const clientId = reader.utf8();
  value.clientId = clientId;
  if (will) {
    const willValue: Record<string, unknown> = { qos: willQos, retain: willRetain };
    if (v5) willValue.properties = readProperties(reader, ALLOWED_PROPERTIES.WILL);
    willValue.topic = reader.utf8();
    willValue.payload = textOrBytes(reader.binary());
    value.will = willValue;
  }
  if (hasUsername) value.username = reader.utf8();
  if (hasPassword) value.password = textOrBytes(reader.binary());
  return {
    value,
    summary: `CONNECT version=${VERSION_NAMES[level as MqttLevel]} clientId=${clip(clientId)}`,
  };
}

function readConnack(reader: MqttReader, v5: boolean): Packet {
  const flags = reader.u8();
  if ((flags & 0xfe) !== 0) fail("bad CONNACK flags");
  const code = reader.u8();
  const value: Record<string, unknown> = { type: "CONNACK", sessionPresent: flags === 1 };
  let reason: string;
  if (v5) {
    reason = reasonName(code);
    value.version = "5.0";
    value.reasonCode = code;
    value.reason = reason;
    value.properties = readProperties(reader, ALLOWED_PROPERTIES.CONNACK);
  } else {
    reason = CONNACK_RETURN_CODES[code] ?? fail("unknown CONNACK return code");
    value.returnCode = code;
    value.reason = reason;
  }
  return { value, summary: `CONNACK ${reason}${flags === 1 ? " sessionPresent" : ""}` };
}

function readPublish(reader: MqttReader, flags: number, v5: boolean): Packet {
  const qos = (flags >> 1) & 0x03;
  const dup = (flags & 0x08) !== 0;
  const retain = (flags & 0x01) !== 0;
  if (qos === 3 || (qos === 0 && dup)) fail("bad PUBLISH flags");
  const topic = reader.utf8();
  if (/[+#]/.test(topic)) fail("wildcard in a topic name");
  const value: Record<string, unknown> = { type: "PUBLISH" };
  if (v5) value.version = "5.0";
  Object.assign(value, { topic, qos, dup, retain });
  if (qos > 0) value.packetId = packetId(reader);
  if (v5) {
    const properties = readProperties(reader, ALLOWED_PROPERTIES.PUBLISH);
    if (topic === "" && properties.topicAlias === undefined) fail("empty topic without an alias");
    value.properties = properties;
  } else if (topic === "") {
    fail("empty topic name");
  }
  value.payload = textOrBytes(reader.take(reader.remaining));
  const words = [`PUBLISH topic=${clip(topic)}`, `qos=${qos}`];
  if (value.packetId !== undefined) words.push(`id=${value.packetId}`);
  if (retain) words.push("retain");
  if (dup) words.push("dup");
  return { value, summary: words.join(" ") };
}

/** PUBACK, PUBREC, PUBREL, PUBCOMP: a packet identifier, then (MQTT 5) an optional reason. */
function readAck(reader: MqttReader, type: PacketType, v5: boolean): Packet {
  const id = packetId(reader);
  const value: Record<string, unknown> = { type, packetId: id };
  let summary = `${type} id=${id}`;
  if (v5 && reader.remaining > 0) {
    const code = reader.u8();
    value.version = "5.0";
    value.reasonCode = code;
    value.reason = reasonName(code);
    if (code !== 0) summary += ` ${value.reason}`;
    if (reader.remaining > 0) value.properties = readProperties(reader, ALLOWED_PROPERTIES.ACK);
  }
  return { value, summary };
}

function readSubscribe(reader: MqttReader, v5: boolean): Packet {
  const id = packetId(reader);
  const value: Record<string, unknown> = { type: "SUBSCRIBE", packetId: id };
  if (v5) {
    value.version = "5.0";
    value.properties = readProperties(reader, ALLOWED_PROPERTIES.SUBSCRIBE);
  }
  const subscriptions: Record<string, unknown>[] = [];
  while (reader.remaining > 0) {
    const topic = reader.utf8();
    const options = reader.u8();
    const qos = options & 0x03;
    if (topic === "" || qos === 3) fail("bad subscription");
    if (v5) {
      const retainHandling = (options >> 4) & 0x03;
      if ((options & 0xc0) !== 0 || retainHandling === 3) fail("bad subscription options");
      subscriptions.push({
        topic,
        qos,
        noLocal: (options & 0x04) !== 0,
        retainAsPublished: (options & 0x08) !== 0,
        retainHandling,
      });
    } else {
      if ((options & 0xfc) !== 0) fail("bad requested QoS");
      subscriptions.push({ topic, qos });
    }
  }
  if (subscriptions.length === 0) fail("SUBSCRIBE without a subscription");
  value.subscriptions = subscriptions;
  const topics = subscriptions.map((s) => clip(String(s.topic), 40));
  return { value, summary: `SUBSCRIBE id=${id} ${listSummary(topics)}` };
}

function readUnsubscribe(reader: MqttReader, v5: boolean): Packet {
  const id = packetId(reader);
  const value: Record<string, unknown> = { type: "UNSUBSCRIBE", packetId: id };
  if (v5) {
    value.version = "5.0";
    value.properties = readProperties(reader, ALLOWED_PROPERTIES.UNSUBSCRIBE);
  }
  const topics: string[] = [];
  while (reader.remaining > 0) {
    const topic = reader.utf8();
    if (topic === "") fail("empty topic filter");
    topics.push(topic);
  }
  if (topics.length === 0) fail("UNSUBSCRIBE without a topic");
  value.topics = topics;
  return {
    value,
    summary: `UNSUBSCRIBE id=${id} ${listSummary(topics.map((t) => clip(t, 40)))}`,
  };
}

/** SUBACK and UNSUBACK: a packet identifier, (MQTT 5) properties, then one code a topic. */
function readSuback(reader: MqttReader, type: "SUBACK" | "UNSUBACK", v5: boolean): Packet {
  const id = packetId(reader);
  const value: Record<string, unknown> = { type, packetId: id };
  if (v5) {
    value.version = "5.0";
    value.properties = readProperties(reader, ALLOWED_PROPERTIES.ACK);
  }
  const codes = Array.from(reader.take(reader.remaining));
  if (type === "UNSUBACK" && !v5 && codes.length > 0) fail("3.1.1 UNSUBACK with codes");
  if (type === "SUBACK" || v5) {
    if (codes.length === 0) fail(`${type} without codes`);
    for (const code of codes) {
      if (v5) reasonName(code);
      else if (code > 2 && code !== 0x80) fail("bad SUBACK return code");
    }
    value[v5 ? "reasonCodes" : "returnCodes"] = codes;
    return { value, summary: `${type} id=${id} codes=${codes.join(",")}` };
  }
  return { value, summary: `${type} id=${id}` };
}

/** DISCONNECT and AUTH: empty, or (MQTT 5) a reason code and properties. */
function readReasonOnly(reader: MqttReader, type: "DISCONNECT" | "AUTH", v5: boolean): Packet {
  // AUTH exists only in MQTT 5.
  const value: Record<string, unknown> = type === "AUTH" ? { type, version: "5.0" } : { type };
  let summary: string = type;
  if (v5 && reader.remaining > 0) {
    const code = reader.u8();
    const reason = reasonName(code, type === "DISCONNECT" ? "Normal disconnection" : "Success");
    value.version = "5.0";
    value.reasonCode = code;
    value.reason = reason;
    if (code !== 0) summary += ` ${reason}`;
    if (reader.remaining > 0) {
      value.properties = readProperties(
        reader,
        type === "AUTH" ? ALLOWED_PROPERTIES.AUTH : ALLOWED_PROPERTIES.DISCONNECT,
      );
    }
  }
  return { value, summary };
}

/** The required flags nibble of every packet type but PUBLISH. */
function expectedFlags(type: PacketType): number {
  return type === "PUBREL" || type === "SUBSCRIBE" || type === "UNSUBSCRIBE" ? 0x02 : 0x00;
}

/** One packet's variable header and payload, read as the given protocol version. */
function readBody(reader: MqttReader, type: PacketType, flags: number, v5: boolean): Packet {
  if (type !== "PUBLISH" && flags !== expectedFlags(type)) fail("bad fixed header flags");
  let packet: Packet;
  switch (type) {
    case "CONNECT":
      packet = readConnect(reader);
      break;
    case "CONNACK":
      packet = readConnack(reader, v5);
      break;
    case "PUBLISH":
      packet = readPublish(reader, flags, v5);
      break;
    case "PUBACK":
    case "PUBREC":
    case "PUBREL":
    case "PUBCOMP":
      packet = readAck(reader, type, v5);
      break;
    case "SUBSCRIBE":
      packet = readSubscribe(reader, v5);
      break;
    case "UNSUBSCRIBE":
      packet = readUnsubscribe(reader, v5);
      break;
    case "SUBACK":
    case "UNSUBACK":
      packet = readSuback(reader, type, v5);
      break;
    case "PINGREQ":
    case "PINGRESP":
      packet = { value: { type }, summary: type };
      break;
    case "DISCONNECT":
      packet = readReasonOnly(reader, type, v5);
      break;
    case "AUTH":
      if (!v5) fail("AUTH before MQTT 5");
      packet = readReasonOnly(reader, type, v5);
      break;
    default:
      return fail("reserved packet type");
  }
  reader.expectEnd();
  return packet;
}

/**
 * One packet from its fixed header on. Without a known level, each packet is read as 3.1.1
 * first and as 5.0 when only that fits — except PUBLISH, read as 5.0 when its bytes hold a
 * valid MQTT 5 property list, since a 3.1.1 payload rarely does. A 5.0 SUBACK whose property
 * list is empty reads as a 3.1.1 SUBACK with one more return code: pass the level to be sure.
 */
function readPacket(reader: MqttReader, level: MqttLevel | undefined): Packet {
  const first = reader.u8();
  const type = PACKET_TYPES[first >> 4] ?? "Reserved";
  const flags = first & 0x0f;
  const body = reader.take(reader.varint());
  if (level !== undefined || type === "CONNECT") {
    return readBody(new MqttReader(body), type, flags, level === 5);
  }
  const order = type === "PUBLISH" ? [true, false] : [false, true];
  for (const v5 of order) {
    try {
      return readBody(new MqttReader(body), type, flags, v5);
    } catch (error) {
      if (!(error instanceof MqttFormatError)) throw error;
    }
  }
  return fail("no MQTT version fits");
}

/** MQTT control packets (one or more, each whole) in a binary frame; null for anything else. */
export function decodeMqtt(payload: Payload, level?: MqttLevel): DecodedPayload | null {
  // MQTT over WebSocket always travels in binary frames.
  if (typeof payload === "string" || payload.byteLength < 2) return null;
  const reader = new MqttReader(new Uint8Array(payload));
  const packets: Packet[] = [];
  try {
    while (reader.remaining > 0) packets.push(readPacket(reader, level));
  } catch {
    return null;
  }
  const [first] = packets;
  if (first !== undefined && packets.length === 1) {
    return { summary: `MQTT ${first.summary}`, value: first.value };
  }
  return {
    summary: `MQTT ${packets.length} packets: ${listSummary(packets.map((p) => p.summary))}`,
    value: packets.map((p) => p.value),
  };
}

/** An MQTT decoder; pass the protocol level once the connection's CONNECT has shown it. */
export function createMqttDecoder(level?: MqttLevel): Decoder {
  return {
    id: "mqtt",
    name: "MQTT",
    decode: (payload) => decodeMqtt(payload, level),
    matchesSubprotocol: (protocol) => /^mqtt(v3\.1)?$/i.test(protocol),
  };
}

/** The MQTT decoder, which infers 3.1.1 or 5.0 packet by packet. */
export const mqttDecoder: Decoder = createMqttDecoder();
