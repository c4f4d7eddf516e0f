import { afterEach, describe, expect, it, vi } from "vitest";
import { decodeMessage } from "../../../../inspector/src/model/decoders/protobuf/decode-message.ts";
import { encodeMessage } from "../../../../inspector/src/model/decoders/protobuf/encode-message.ts";
import {
  loadProtoFiles,
  type ProtoSchema,
} from "../../../../inspector/src/model/decoders/protobuf/schema.ts";
import { protoFixtures } from "./fixtures.ts";

function load(...names: string[]): ProtoSchema {
  const loaded = loadProtoFiles(protoFixtures(...names));
  if (!loaded.ok) throw new Error(loaded.error);
  return loaded.schema;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("loading .proto files", () => {
  it("loads several files with imports across them and the well-known types", () => {
    const schema = load("common.proto", "market.proto", "legacy.proto");
    expect(schema.types).toEqual([
      "common.Meta",
      "google.protobuf.Timestamp",
      "legacy.Record",
      "legacy.Record.Item",
      "market.Envelope",
      "market.Envelope.Level",
      "market.Heartbeat",
      "market.Node",
      "market.Quote",
      "market.Trade",
    ]);
    expect(schema.type("market.Envelope")?.fieldsArray.map((field) => field.name)).toContain(
      "counters",
    );
    expect(schema.type("nope.Nope")).toBeUndefined();
  });

  it("loads in any order: imports resolve once every file is in", () => {
    expect(load("market.proto", "common.proto").types).toContain("market.Trade");
  });

  it("loads, decodes and encodes without generating code (no eval, no Function)", () => {
    const refuse = () => {
      throw new Error("code generation is not allowed");
    };
    vi.stubGlobal("Function", refuse);
    vi.stubGlobal("eval", refuse);
    const schema = load("common.proto", "market.proto");
    const type = schema.type("market.Envelope");
    if (!type) throw new Error("no Envelope");
    const encoded = encodeMessage(type, { seq: 1, trade: { symbol: "ACME", side: "BUY" } });
    expect(encoded.ok).toBe(true);
    if (encoded.ok)
      expect(decodeMessage(type, encoded.bytes)).toMatchObject({
        ok: true,
        value: { seq: 1, trade: { symbol: "ACME", side: "BUY" } },
      });
  });

  it.each([
    [[], "No .proto files to load"],
    [
      [{ name: "market.proto", source: 'syntax = "proto3"; import "common.proto"; message A {}' }],
      'market.proto imports "common.proto", which is not loaded: load it as well (files are matched by name)',
    ],
    [
      [{ name: "bad.proto", source: 'syntax = "proto3";\nmessage A {\n  int32 x = ;\n}' }],
      "illegal id ';' (bad.proto, line 3)",
    ],
    [
      [{ name: "types.proto", source: 'syntax = "proto3";\nmessage A { Missing m = 1; }' }],
      "The schema does not resolve: no such Type or Enum 'Missing' in Type .A",
    ],
    [
      [
        { name: "a.proto", source: "message A {}" },
        { name: "a.proto", source: "message B {}" },
      ],
      "a.proto is loaded twice: names must differ",
    ],
    [
      [
        { name: "a.proto", source: "package p; message A {}" },
        { name: "b.proto", source: "package p; message A {}" },
      ],
      "b.proto: duplicate name 'A' in Namespace .p",
    ],
    [
      [
        {
          name: "evil.proto",
          source: 'syntax = "proto3";\n\nmessage __proto__ { int32 polluted = 1; }',
        },
      ],
      "evil.proto, line 3: __proto__ cannot name anything in a schema",
    ],
    [
      [{ name: "enum.proto", source: "enum E { A = 0; }" }],
      "These .proto files define no message type",
    ],
  ])("refuses %j, saying %s", (files, error) => {
    expect(loadProtoFiles(files)).toEqual({ ok: false, error });
  });

  it("refuses messages nested 20,000 deep in the .proto itself", () => {
    const source = `${"message A {".repeat(20_000)}${"}".repeat(20_000)}`;
    expect(loadProtoFiles([{ name: "deep.proto", source }])).toEqual({
      ok: false,
      error: "deep.proto nests too deeply to read",
    });
  });

  it("refuses too many files and too much text", () => {
    const many = Array.from({ length: 65 }, (_, i) => ({ name: `f${i}.proto`, source: "" }));
    expect(loadProtoFiles(many)).toEqual({
      ok: false,
      error: "At most 64 .proto files load at once",
    });
    const big = [{ name: "big.proto", source: " ".repeat(4 * 1024 * 1024 + 1) }];
    expect(loadProtoFiles(big)).toMatchObject({ ok: false });
  });

  it("a hostile schema leaves Object.prototype alone", () => {
    loadProtoFiles([
      {
        name: "x.proto",
        source: 'syntax = "proto3"; message constructor { int32 toString = 1; int32 valueOf = 2; }',
      },
    ]);
    expect(({} as Record<string, unknown>).toString).toBe(Object.prototype.toString);
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});
