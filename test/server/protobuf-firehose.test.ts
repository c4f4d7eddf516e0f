import protobuf from "protobufjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type RunningServer } from "../../echo-server/server.ts";
import { decodeMessage } from "../../inspector/src/model/decoders/protobuf/decode-message.ts";
import { loadProtoFiles } from "../../inspector/src/model/decoders/protobuf/schema.ts";
import { openClient, rejectedUpgrade } from "./ws-client.ts";

let server: RunningServer;
let ws: string;

beforeAll(async () => {
  server = await createServer({ port: 0 });
  ws = server.url.replace("http", "ws");
});
afterAll(() => server.close());

describe("/firehose?format=protobuf and its schema at /api/schemas", () => {
  it("lists the schema, with the endpoint that speaks it", async () => {
    const response = await fetch(`${server.url}/api/schemas`);
    expect(response.status).toBe(200);
    const [schema, ...rest] = (await response.json()) as Record<string, string>[];
    expect(rest).toEqual([]);
    expect(schema).toMatchObject({
      name: "firehose.proto",
      url: "/api/schemas/firehose.proto",
      messageType: "socketscope.firehose.Tick",
      endpoint: "/firehose?format=protobuf",
    });
    const text = await fetch(`${server.url}${schema?.url}`);
    expect(text.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await text.text()).toBe(schema?.source);
    const endpoints = (await (await fetch(`${server.url}/api/endpoints`)).json()) as {
      path: string;
      schemas?: string[];
      parameters: { name: string }[];
    }[];
    const firehose = endpoints.find((endpoint) => endpoint.path === "/firehose");
    expect(firehose?.schemas).toEqual(["/api/schemas/firehose.proto"]);
    expect(firehose?.parameters.map((parameter) => parameter.name)).toContain("format");
  });

  it("streams binary Ticks that protobufjs and the inspector's decoder both read", async () => {
    const source = await (await fetch(`${server.url}/api/schemas/firehose.proto`)).text();
    const tick = protobuf
      .parse(source, { keepCase: true })
      .root.lookupType("socketscope.firehose.Tick");
    const loaded = loadProtoFiles([{ name: "firehose.proto", source }]);
    if (!loaded.ok) throw new Error(loaded.error);
    const type = loaded.schema.type("socketscope.firehose.Tick");
    if (!type) throw new Error("no Tick");

    const client = await openClient(`${ws}/firehose?format=protobuf&rate=1000&count=5&size=120`);
    for (let seq = 1; seq <= 5; seq++) {
      const message = await client.next();
      if (!("binary" in message)) throw new Error("expected a binary frame");
      expect(message.binary.length).toBeGreaterThanOrEqual(110);
      expect(message.binary.length).toBeLessThanOrEqual(130);
      const oracle = tick.toObject(tick.decode(message.binary), { longs: Number, enums: String });
      expect(oracle).toMatchObject({ seq, kind: seq === 5 ? "QUOTE" : "TICK" });
      const decoded = decodeMessage(type, Uint8Array.from(message.binary));
      expect(decoded).toMatchObject({
        ok: true,
        value: { seq, kind: seq === 5 ? "QUOTE" : "TICK" },
        stats: { unknown: 0, problems: [] },
      });
    }
    expect(await client.closed).toEqual({ code: 1000, reason: "firehose done" });
  });

  it("refuses an unknown format with 400 and says which", async () => {
    const answer = await rejectedUpgrade(`${ws}/firehose?format=xml`);
    expect(answer.status).toBe(400);
    expect(answer.body).toBe('?format must be text or protobuf, not "xml"');
  });
});
