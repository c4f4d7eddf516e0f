import { MqttFormatError, type MqttReader } from "./mqtt-reader.ts";
import { bytesNode } from "./tree.ts";

type PropertyKind = "byte" | "u16" | "u32" | "varint" | "utf8" | "binary" | "pair";

/** MQTT 5 properties by identifier: the name shown in the tree and how the value is encoded. */
const PROPERTIES: Record<number, [name: string, kind: PropertyKind]> = {
  1: ["payloadFormatIndicator", "byte"],
  2: ["messageExpiryInterval", "u32"],
  3: ["contentType", "utf8"],
  8: ["responseTopic", "utf8"],
  9: ["correlationData", "binary"],
  11: ["subscriptionIdentifier", "varint"],
  17: ["sessionExpiryInterval", "u32"],
  18: ["assignedClientIdentifier", "utf8"],
  19: ["serverKeepAlive", "u16"],
  21: ["authenticationMethod", "utf8"],
  22: ["authenticationData", "binary"],
  23: ["requestProblemInformation", "byte"],
  24: ["willDelayInterval", "u32"],
  25: ["requestResponseInformation", "byte"],
  26: ["responseInformation", "utf8"],
  28: ["serverReference", "utf8"],
  31: ["reasonString", "utf8"],
  33: ["receiveMaximum", "u16"],
  34: ["topicAliasMaximum", "u16"],
  35: ["topicAlias", "u16"],
  36: ["maximumQoS", "byte"],
  37: ["retainAvailable", "byte"],
  38: ["userProperties", "pair"],
  39: ["maximumPacketSize", "u32"],
  40: ["wildcardSubscriptionAvailable", "byte"],
  41: ["subscriptionIdentifierAvailable", "byte"],
  42: ["sharedSubscriptionAvailable", "byte"],
};

/** Property identifiers each packet (or a CONNECT's will) may carry. */
export const ALLOWED_PROPERTIES = {
  CONNECT: [0x11, 0x15, 0x16, 0x17, 0x19, 0x21, 0x22, 0x26, 0x27],
  WILL: [0x01, 0x02, 0x03, 0x08, 0x09, 0x18, 0x26],
  CONNACK: [
    0x11, 0x12, 0x13, 0x15, 0x16, 0x1a, 0x1c, 0x1f, 0x21, 0x22, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29,
    0x2a,
  ],
  PUBLISH: [0x01, 0x02, 0x03, 0x08, 0x09, 0x0b, 0x23, 0x26],
  ACK: [0x1f, 0x26],
  SUBSCRIBE: [0x0b, 0x26],
  UNSUBSCRIBE: [0x26],
  DISCONNECT: [0x11, 0x1c, 0x1f, 0x26],
  AUTH: [0x15, 0x16, 0x1f, 0x26],
} as const;

/**
 * An MQTT 5 property list: its variable byte integer length, then identifier/value pairs.
 * User properties (which may repeat) become `[name, value]` pairs; Subscription Identifier may
 * repeat in PUBLISH and then becomes a list; any other repeat is a protocol error.
 */
export function readProperties(
  reader: MqttReader,
  allowed: readonly number[],
): Record<string, unknown> {
  const block = reader.sub(reader.varint());
  const out: Record<string, unknown> = {};
  while (block.remaining > 0) {
    const id = block.varint();
    const property = PROPERTIES[id];
    if (property === undefined || !allowed.includes(id)) {
      throw new MqttFormatError(`property 0x${id.toString(16)} not allowed here`);
    }
    const [name, kind] = property;
    let value: unknown;
    if (kind === "byte") value = block.u8();
    else if (kind === "u16") value = block.u16();
    else if (kind === "u32") value = block.u32();
    else if (kind === "varint") value = block.varint();
    else if (kind === "utf8") value = block.utf8();
    else if (kind === "binary") value = bytesNode(block.binary());
    else value = [block.utf8(), block.utf8()];

    const previous = out[name];
    if (kind === "pair") {
      out[name] = [...((previous as unknown[] | undefined) ?? []), value];
    } else if (previous === undefined) {
      out[name] = value;
    } else if (id === 0x0b) {
      out[name] = [...(Array.isArray(previous) ? previous : [previous]), value];
    } else {
      throw new MqttFormatError(`property ${name} repeated`);
    }
  }
  return out;
}

/** MQTT 5 reason codes (0x00 reads "Success" except where a packet names it otherwise). */
export const REASON_CODES: Record<number, string> = {
  0: "Success",
  1: "Granted QoS 1",
  2: "Granted QoS 2",
  4: "Disconnect with Will Message",
  16: "No matching subscribers",
  17: "No subscription existed",
  24: "Continue authentication",
  25: "Re-authenticate",
  128: "Unspecified error",
  129: "Malformed Packet",
  130: "Protocol Error",
  131: "Implementation specific error",
  132: "Unsupported Protocol Version",
  133: "Client Identifier not valid",
  134: "Bad User Name or Password",
  135: "Not authorized",
  136: "Server unavailable",
  137: "Server busy",
  138: "Banned",
  139: "Server shutting down",
  140: "Bad authentication method",
  141: "Keep Alive timeout",
  142: "Session taken over",
  143: "Topic Filter invalid",
  144: "Topic Name invalid",
  145: "Packet Identifier in use",
  146: "Packet Identifier not found",
  147: "Receive Maximum exceeded",
  148: "Topic Alias invalid",
  149: "Packet too large",
  150: "Message rate too high",
  151: "Quota exceeded",
  152: "Administrative action",
  153: "Payload format invalid",
  154: "Retain not supported",
  155: "QoS not supported",
  156: "Use another server",
  157: "Server moved",
  158: "Shared Subscriptions not supported",
  159: "Connection rate exceeded",
  160: "Maximum connect time",
  161: "Subscription Identifiers not supported",
  162: "Wildcard Subscriptions not supported",
};

/** MQTT 3.1/3.1.1 CONNACK return codes. */
export const CONNACK_RETURN_CODES: Record<number, string> = {
  0: "Connection Accepted",
  1: "Unacceptable protocol version",
  2: "Identifier rejected",
  3: "Server unavailable",
  4: "Bad user name or password",
  5: "Not authorized",
};
