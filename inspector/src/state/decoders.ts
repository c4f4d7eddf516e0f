import { batch, createMemo, createSignal } from "solid-js";
import type { DecodedPayload } from "../model/decoders/decoder.ts";
import {
  type DecoderSettingsValue,
  emptyDecoderSettings,
} from "../model/decoders/decoder-settings.ts";
import {
  decodeWithSchema,
  encodeMessage,
  loadProtoFiles,
  type ProtobufEncode,
  type ProtoFile,
  type ProtoSchema,
} from "../model/decoders/protobuf/index.ts";
import type { Payload } from "../model/frames/frame.ts";
import type { FrameStore } from "../model/frames/frame-store.ts";
import { type CustomDecoder, createCustomDecoder } from "./custom-decoder.ts";
import type { SandboxHost } from "./decoder-sandbox.ts";

/** Which way a frame went, as the decoders choose a message type for it. */
export type FrameDirection = "received" | "sent";

/** A frame decoded with the schema: the tree and any field problems; or why it is not the type. */
export type ProtobufDecode =
  | { ok: true; type: string; decoded: DecodedPayload; problems: string[] }
  | { ok: false; type: string; error: string };

/** A session's decoders: loaded `.proto` files, the message types, and a custom decoder. */
export interface Decoders {
  readonly protoFiles: () => ProtoFile[];
  /** The loaded schema, when the files load. */
  readonly schema: () => ProtoSchema | undefined;
  /** Why the files do not load (naming the file and line), or "". */
  readonly schemaError: () => string;
  /** Adds files, replacing loaded ones of the same name. */
  addProtoFiles(files: ProtoFile[]): void;
  removeProtoFile(name: string): void;
  /** The message type frames of a direction decode as, or "" for none. */
  messageType(direction: FrameDirection): string;
  setMessageType(direction: FrameDirection, type: string): void;
  /** The message type chosen for one frame, overriding its direction's, if any. */
  frameType(id: number): string | undefined;
  setFrameType(id: number, type: string | undefined): void;
  /** The type frame `id` decodes as: its own, else its direction's; "" for none. */
  typeFor(id: number, direction: FrameDirection): string;
  /**
   * Frame `id` decoded with the schema, or undefined when no type applies to it: its own type,
   * else (binary frames only) its direction's.
   */
  decodeProtobuf(
    id: number,
    direction: FrameDirection,
    payload: Payload,
  ): ProtobufDecode | undefined;
  /** JSON as the sent message type, for the composer. */
  encodeProtobuf(json: unknown): ProtobufEncode;
  readonly custom: CustomDecoder;
  value(): DecoderSettingsValue;
  /** Replaces everything: from the workspace (trusted) or from a capture file (not). */
  load(value: DecoderSettingsValue, options: { trusted: boolean }): void;
}

/** Decoder state for one session, over its connection's store. */
export function createDecoders(store: FrameStore, sandboxHost?: SandboxHost): Decoders {
  const [protoFiles, setProtoFiles] = createSignal<ProtoFile[]>(emptyDecoderSettings.protoFiles);
  const [receivedType, setReceivedType] = createSignal("");
  const [sentType, setSentType] = createSignal("");
  const [frameTypes, setFrameTypes] = createSignal<ReadonlyMap<number, string>>(new Map());
  const custom = createCustomDecoder(store, sandboxHost);

  const loaded = createMemo(() =>
    protoFiles().length > 0 ? loadProtoFiles(protoFiles()) : undefined,
  );
  const schema = () => {
    const result = loaded();
    return result?.ok ? result.schema : undefined;
  };
  const messageType = (direction: FrameDirection) =>
    direction === "received" ? receivedType() : sentType();
  const typeFor = (id: number, direction: FrameDirection) =>
    frameTypes().get(id) ?? messageType(direction);

  return {
    protoFiles,
    schema,
    schemaError: () => {
      const result = loaded();
      return result && !result.ok ? result.error : "";
    },
    addProtoFiles(files) {
      const names = new Set(files.map((file) => file.name));
      setProtoFiles([...protoFiles().filter((file) => !names.has(file.name)), ...files]);
    },
    removeProtoFile(name) {
      setProtoFiles(protoFiles().filter((file) => file.name !== name));
    },
    messageType,
    setMessageType(direction, type) {
      (direction === "received" ? setReceivedType : setSentType)(type);
    },
    frameType: (id) => frameTypes().get(id),
    setFrameType(id, type) {
      const next = new Map(frameTypes());
      if (type === undefined) next.delete(id);
      else next.set(id, type);
      setFrameTypes(next);
    },
    typeFor,
    decodeProtobuf(id, direction, payload) {
      const current = schema();
      // A direction's type is for its binary frames: a text frame in a mixed feed (a JSON
      // control message) keeps its own decoders unless a type is chosen for that very frame.
      const own = frameTypes().get(id);
      const type = own ?? (typeof payload === "string" ? "" : messageType(direction));
      if (!current || type === "") return undefined;
      const result = decodeWithSchema(current, type, payload);
      return result.ok ? { type, ...result } : { ok: false, type, error: result.error };
    },
    encodeProtobuf(json) {
      const current = schema();
      if (!current)
        return { ok: false, error: "Load a .proto file first (Decoders tab, Load .proto)" };
      const type = sentType();
      if (type === "")
        return { ok: false, error: "Choose Message type (sent) in the Decoders tab first" };
      const messageType = current.type(type);
      if (!messageType) return { ok: false, error: `The schema has no message type ${type}` };
      return encodeMessage(messageType, json);
    },
    custom,
    value: () => ({
      protoFiles: protoFiles(),
      receivedType: receivedType(),
      sentType: sentType(),
      custom: custom.value(),
    }),
    load(value, options) {
      batch(() => {
        setProtoFiles(value.protoFiles);
        setReceivedType(value.receivedType);
        setSentType(value.sentType);
        setFrameTypes(new Map());
        custom.load(value.custom, options);
      });
    },
  };
}
