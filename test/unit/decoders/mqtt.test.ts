import { describe, expect, it } from "vitest";
import { createMqttDecoder, mqttDecoder } from "../../../inspector/src/model/decoders/mqtt.ts";
import { hex } from "./samples.ts";

// Packets as an MQTT client library writes them (checked against mqtt-packet's encoder).
describe("MQTT decoder", () => {
  it.each([
    [
      "a 3.1.1 CONNECT",
      "101100044d5154540402003c00056465762d31",
      "MQTT CONNECT version=3.1.1 clientId=dev-1",
      {
        type: "CONNECT",
        version: "3.1.1",
        protocolName: "MQTT",
        protocolLevel: 4,
        cleanSession: true,
        keepAlive: 60,
        clientId: "dev-1",
      },
    ],
    [
      "a CONNECT with a will, user name and password",
      "101d00044d51545404ec001e0001630003772f740003627965000175000170",
      "MQTT CONNECT version=3.1.1 clientId=c",
      {
        type: "CONNECT",
        version: "3.1.1",
        protocolName: "MQTT",
        protocolLevel: 4,
        cleanSession: false,
        keepAlive: 30,
        clientId: "c",
        will: { qos: 1, retain: true, topic: "w/t", payload: "bye" },
        username: "u",
        password: "p",
      },
    ],
    [
      "a 3.1 CONNECT",
      "101100064d51497364700302000a00036f6c64",
      "MQTT CONNECT version=3.1 clientId=old",
      {
        type: "CONNECT",
        version: "3.1",
        protocolName: "MQIsdp",
        protocolLevel: 3,
        cleanSession: true,
        keepAlive: 10,
        clientId: "old",
      },
    ],
    [
      "a 5.0 CONNECT with properties",
      "101b00044d5154540502003c0c110000012c2600016100016200027635",
      "MQTT CONNECT version=5.0 clientId=v5",
      {
        type: "CONNECT",
        version: "5.0",
        protocolName: "MQTT",
        protocolLevel: 5,
        cleanStart: true,
        keepAlive: 60,
        properties: { sessionExpiryInterval: 300, userProperties: [["a", "b"]] },
        clientId: "v5",
      },
    ],
    [
      "a CONNACK",
      "20020000",
      "MQTT CONNACK Connection Accepted",
      { type: "CONNACK", sessionPresent: false, returnCode: 0, reason: "Connection Accepted" },
    ],
    [
      "a refusing CONNACK",
      "20020105",
      "MQTT CONNACK Not authorized sessionPresent",
      { type: "CONNACK", sessionPresent: true, returnCode: 5, reason: "Not authorized" },
    ],
    [
      "a 5.0 CONNACK",
      "200f00000c22000a1200066175746f2d31",
      "MQTT CONNACK Success",
      {
        type: "CONNACK",
        sessionPresent: false,
        version: "5.0",
        reasonCode: 0,
        reason: "Success",
        properties: { topicAliasMaximum: 10, assignedClientIdentifier: "auto-1" },
      },
    ],
    [
      "a QoS 0 PUBLISH",
      "300f000973656e736f72732f7432312e35",
      "MQTT PUBLISH topic=sensors/t qos=0",
      { type: "PUBLISH", topic: "sensors/t", qos: 0, dup: false, retain: false, payload: "21.5" },
    ],
    [
      "a QoS 1 PUBLISH with a binary payload",
      "3b0a0003612f62000aff0001",
      "MQTT PUBLISH topic=a/b qos=1 id=10 retain dup",
      {
        type: "PUBLISH",
        topic: "a/b",
        qos: 1,
        dup: true,
        retain: true,
        packetId: 10,
        payload: { $bytes: "ff0001" },
      },
    ],
    [
      "a QoS 2 PUBLISH of JSON",
      "340e0003612f6200077b2278223a317d",
      "MQTT PUBLISH topic=a/b qos=2 id=7",
      {
        type: "PUBLISH",
        topic: "a/b",
        qos: 2,
        dup: false,
        retain: false,
        packetId: 7,
        payload: '{"x":1}',
      },
    ],
    [
      "a 5.0 PUBLISH with properties",
      "3228000476352f7400031d03000a746578742f706c61696e2600016b000276312600016b000276326869",
      "MQTT PUBLISH topic=v5/t qos=1 id=3",
      {
        type: "PUBLISH",
        version: "5.0",
        topic: "v5/t",
        qos: 1,
        dup: false,
        retain: false,
        packetId: 3,
        properties: {
          contentType: "text/plain",
          userProperties: [
            ["k", "v1"],
            ["k", "v2"],
          ],
        },
        payload: "hi",
      },
    ],
    [
      "a 5.0 PUBLISH without properties",
      "3009000476352f74006869",
      "MQTT PUBLISH topic=v5/t qos=0",
      {
        type: "PUBLISH",
        version: "5.0",
        topic: "v5/t",
        qos: 0,
        dup: false,
        retain: false,
        properties: {},
        payload: "hi",
      },
    ],
    ["a PUBACK", "4002000a", "MQTT PUBACK id=10", { type: "PUBACK", packetId: 10 }],
    [
      "a 5.0 PUBACK with a reason",
      "4004000a8700",
      "MQTT PUBACK id=10 Not authorized",
      {
        type: "PUBACK",
        packetId: 10,
        version: "5.0",
        reasonCode: 0x87,
        reason: "Not authorized",
        properties: {},
      },
    ],
    ["a PUBREC", "50020007", "MQTT PUBREC id=7", { type: "PUBREC", packetId: 7 }],
    ["a PUBREL", "62020007", "MQTT PUBREL id=7", { type: "PUBREL", packetId: 7 }],
    ["a PUBCOMP", "70020007", "MQTT PUBCOMP id=7", { type: "PUBCOMP", packetId: 7 }],
    [
      "a SUBSCRIBE",
      "820e00010003612f2b010003622f2300",
      "MQTT SUBSCRIBE id=1 a/+, b/#",
      {
        type: "SUBSCRIBE",
        packetId: 1,
        subscriptions: [
          { topic: "a/+", qos: 1 },
          { topic: "b/#", qos: 0 },
        ],
      },
    ],
    [
      "a 5.0 SUBSCRIBE",
      "82090002020b0500017816",
      "MQTT SUBSCRIBE id=2 x",
      {
        type: "SUBSCRIBE",
        packetId: 2,
        version: "5.0",
        properties: { subscriptionIdentifier: 5 },
        subscriptions: [
          { topic: "x", qos: 2, noLocal: true, retainAsPublished: false, retainHandling: 1 },
        ],
      },
    ],
    [
      "a SUBACK",
      "90050001010080",
      "MQTT SUBACK id=1 codes=1,0,128",
      { type: "SUBACK", packetId: 1, returnCodes: [1, 0, 128] },
    ],
    [
      "an UNSUBSCRIBE",
      "a20c00030003612f2b0003622f23",
      "MQTT UNSUBSCRIBE id=3 a/+, b/#",
      { type: "UNSUBSCRIBE", packetId: 3, topics: ["a/+", "b/#"] },
    ],
    ["an UNSUBACK", "b0020003", "MQTT UNSUBACK id=3", { type: "UNSUBACK", packetId: 3 }],
    [
      "a 5.0 UNSUBACK",
      "b0050003000011",
      "MQTT UNSUBACK id=3 codes=0,17",
      { type: "UNSUBACK", packetId: 3, version: "5.0", properties: {}, reasonCodes: [0, 17] },
    ],
    ["a PINGREQ", "c000", "MQTT PINGREQ", { type: "PINGREQ" }],
    ["a PINGRESP", "d000", "MQTT PINGRESP", { type: "PINGRESP" }],
    ["a DISCONNECT", "e000", "MQTT DISCONNECT", { type: "DISCONNECT" }],
    [
      "a 5.0 DISCONNECT with a reason",
      "e00a8e081f000574616b656e",
      "MQTT DISCONNECT Session taken over",
      {
        type: "DISCONNECT",
        version: "5.0",
        reasonCode: 0x8e,
        reason: "Session taken over",
        properties: { reasonString: "taken" },
      },
    ],
    [
      "a 5.0 AUTH",
      "f00a1808150005534352414d",
      "MQTT AUTH Continue authentication",
      {
        type: "AUTH",
        version: "5.0",
        reasonCode: 0x18,
        reason: "Continue authentication",
        properties: { authenticationMethod: "SCRAM" },
      },
    ],
    ["an empty 5.0 AUTH", "f000", "MQTT AUTH", { type: "AUTH", version: "5.0" }],
    [
      "two packets in one frame",
      "4002000ac000",
      "MQTT 2 packets: PUBACK id=10, PINGREQ",
      [{ type: "PUBACK", packetId: 10 }, { type: "PINGREQ" }],
    ],
  ])("decodes %s", (_name, bytes, summary, value) => {
    expect(mqttDecoder.decode(hex(bytes))).toStrictEqual({ summary, value });
  });

  it.each([
    ["a text frame", "c000"],
    ["an empty frame", ""],
    ["a lone byte", "c0"],
    ["a reserved packet type", "0000"],
    ["a PINGREQ with a body", "c00100"],
    ["wrong fixed-header flags", "c100"],
    ["a SUBSCRIBE with flags 0", "800e00010003612f2b010003622f2300"],
    ["a cut-off packet", "300f000973656e736f72"],
    ["a remaining length past the frame", "c07f"],
    ["a 5-byte remaining length", "30ffffffff7f"],
    ["a PUBLISH with QoS 3", "360700016100016869"],
    ["a QoS 0 PUBLISH marked DUP", "38050001616869"],
    ["a PUBLISH to a wildcard topic", "3005000161236869"],
    ["packet identifier 0", "40020000"],
    ["an unknown protocol name", "101100044d5154580402003c00056465762d31"],
    ["a 3.1.1 CONNECT with the reserved flag", "101100044d5154540403003c00056465762d31"],
    ["a CONNACK return code above 5", "20020009"],
    ["a SUBACK return code of 3", "9003000103"],
    ["a SUBSCRIBE without subscriptions", "82020001"],
    ["a packet followed by a partial one", "c000c0"],
    ["a topic with invalid UTF-8", "3005000161ff6869"],
    ["a 5.0 property not allowed in PUBLISH", "3009000476352f7402110000000068"],
  ])("returns null for %s", (_name, bytes) => {
    const payload = bytes === "c000" || bytes === "" ? bytes : hex(bytes);
    expect(mqttDecoder.decode(payload)).toBeNull();
  });

  it("reads a 5.0 SUBACK right when told the protocol level", () => {
    const suback = hex("900400010001");
    expect(mqttDecoder.decode(suback)?.value).toStrictEqual({
      type: "SUBACK",
      packetId: 1,
      returnCodes: [0, 1],
    });
    expect(createMqttDecoder(5).decode(suback)?.value).toStrictEqual({
      type: "SUBACK",
      packetId: 1,
      version: "5.0",
      properties: {},
      reasonCodes: [1],
    });
  });

  it("rejects AUTH when told the level is 3.1.1", () => {
    expect(createMqttDecoder(4).decode(hex("f000"))).toBeNull();
  });

  it("reads a PUBLISH as 3.1.1 when told so, even if its payload starts with NUL", () => {
    const publish = hex("3009000476352f74006869");
    expect(createMqttDecoder(4).decode(publish)?.value).toStrictEqual({
      type: "PUBLISH",
      topic: "v5/t",
      qos: 0,
      dup: false,
      retain: false,
      payload: "\u0000hi",
    });
  });

  it.each([
    ["mqtt", true],
    ["MQTT", true],
    ["mqttv3.1", true],
    ["mqtts", false],
    ["stomp", false],
  ])("subprotocol %j matches: %s", (protocol, expected) => {
    expect(mqttDecoder.matchesSubprotocol(protocol)).toBe(expected);
  });
});
