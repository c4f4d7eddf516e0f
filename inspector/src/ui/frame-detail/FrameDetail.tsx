import { Tabs } from "@kobalte/core/tabs";
import { type Accessor, createMemo, createSignal, Match, Show, Switch } from "solid-js";
import { describeClose } from "../../../../echo-server/protocol/close-codes.ts";
import { autoDecode } from "../../model/decoders/index.ts";
import {
  AUTO_PARSE_LIMIT,
  type DetailTab,
  defaultTab,
  jsonView,
  tooDeepNote,
} from "../../model/detail/detail.ts";
import { hexDump } from "../../model/detail/hex-dump.ts";
import { formatByteAmount, formatByteCount } from "../../model/frames/bytes.ts";
import { decodeUtf8, encodeBase64, payloadBytes } from "../../model/frames/codecs.ts";
import type { FrameEvent, Payload } from "../../model/frames/frame.ts";
import type { FrameDirection } from "../../state/decoders.ts";
import { useSession } from "../../state/session-context.ts";
import { NoteMeta } from "../protocol/NoteMeta.tsx";
import { CopyButton } from "./CopyButton.tsx";
import { DecodedPanel } from "./DecodedPanel.tsx";
import { HexView } from "./HexView.tsx";
import { JsonTree } from "./JsonTree.tsx";
import { LongText } from "./LongText.tsx";

/**
 * The selected frame: its timing, and its payload as text, JSON, hex or base64. A frame the
 * filter hides is not shown (the log no longer shows it either); the pane says so instead.
 */
export function FrameDetail(props: { id?: string }) {
  const { connection, log, compare } = useSession();
  const hiddenByFilter = () => {
    const id = log.selectedId();
    return id !== undefined && log.selectedFrame() !== undefined && log.positionOf(id) < 0;
  };
  const shown = () => (hiddenByFilter() ? undefined : log.selectedFrame());
  return (
    <section id={props.id} class="frame-detail" aria-label="Frame detail">
      <Show
        when={shown()}
        keyed
        fallback={
          <p class="muted detail-empty">
            {hiddenByFilter()
              ? "The selected frame is hidden by the filter."
              : "Select a frame to see its details."}
          </p>
        }
      >
        {({ id, row, payload, event, size, open }) => {
          // Why a comparison could not start; it belongs to this frame and goes with it.
          const [compareNote, setCompareNote] = createSignal("");
          return (
            <>
              <div class="detail-toolbar">
                <button
                  type="button"
                  class="button small"
                  disabled={!compare.canCompare()}
                  title={
                    compare.canCompare()
                      ? "Compare the two selected frames side by side"
                      : "Select two frames: Ctrl/⌘+click the second, or Shift+arrow"
                  }
                  onClick={() => {
                    setCompareNote("");
                    compare.compareSelected();
                  }}
                >
                  Compare
                </button>
                <button
                  type="button"
                  class="button small"
                  disabled={log.selectedId() === undefined}
                  onClick={() => setCompareNote(compare.compareWithPrevious())}
                >
                  Compare with previous of the same type
                </button>
                <span class="muted" role="status">
                  {compareNote()}
                </span>
              </div>
              <dl class="detail-meta">
                <dt>Direction</dt>
                {/* A tap's frame goes Client → server or back; a plain one was sent or received. */}
                <dd>{row.tag ? row.directionLabel : row.direction}</dd>
                <Show when={row.tag}>
                  <dt>Tap</dt>
                  <dd>{row.tag}</dd>
                </Show>
                <dt>Type</dt>
                <dd>{row.kind}</dd>
                <Show when={payload !== null}>
                  <dt>Length</dt>
                  <dd>{formatByteCount(size)}</dd>
                </Show>
                <Show when={row.wireDetail}>
                  <dt>Wire size</dt>
                  <dd>{row.wireDetail}</dd>
                </Show>
                <dt>Time</dt>
                <dd class="mono">
                  {row.timeDetail}
                  {connection.via() === "relay" && " (relay clock)"}
                </dd>
                <Show when={row.sinceConnect}>
                  <dt>Δ connect</dt>
                  <dd class="mono">{row.sinceConnect}</dd>
                </Show>
                <Show when={row.sincePrevious}>
                  <dt>Δ prev</dt>
                  <dd class="mono">{row.sincePrevious}</dd>
                </Show>
                <NoteMeta id={row.id} />
              </dl>
              {payload !== null ? (
                <PayloadTabs
                  id={id}
                  direction={row.direction === "sent" ? "sent" : "received"}
                  payload={payload}
                  subprotocol={open?.protocol ?? ""}
                  url={open?.url ?? ""}
                />
              ) : (
                event && <EventDetail event={event} />
              )}
            </>
          );
        }}
      </Show>
    </section>
  );
}

function PayloadTabs(props: {
  id: number;
  direction: FrameDirection;
  payload: Payload;
  subprotocol: string;
  url: string;
}) {
  const { decoders } = useSession();
  // A format decoder other than plain JSON (MessagePack, MQTT, Socket.IO…) opens its own tab, and
  // so does a protobuf message type that applies to the frame.
  const auto = autoDecode(props.payload, props.subprotocol, props.url);
  const typed = typeof props.payload !== "string" && decoders.typeFor(props.id, props.direction);
  const [tab, setTab] = createSignal<DetailTab>(
    (auto && auto.decoder.id !== "json") || (typed && decoders.schema())
      ? "decoded"
      : defaultTab(props.payload),
  );
  // Bytes are made once, on first need: a 10 MB text frame encodes only if Hex or Base64 opens.
  let bytesCache: Uint8Array | undefined;
  const bytes = () => {
    bytesCache ??= payloadBytes(props.payload);
    return bytesCache;
  };
  return (
    <Tabs value={tab()} onChange={(value) => setTab(value as DetailTab)} class="detail-tabs">
      <Tabs.List class="tab-list" aria-label="Payload views">
        <Tabs.Trigger class="tab" value="text">
          Text
        </Tabs.Trigger>
        <Tabs.Trigger class="tab" value="json">
          JSON
        </Tabs.Trigger>
        <Tabs.Trigger class="tab" value="hex">
          Hex
        </Tabs.Trigger>
        <Tabs.Trigger class="tab" value="base64">
          Base64
        </Tabs.Trigger>
        <Tabs.Trigger class="tab" value="decoded">
          Decoded
        </Tabs.Trigger>
      </Tabs.List>
      <Tabs.Content class="tab-panel" value="text">
        <TextPanel payload={props.payload} bytes={bytes} />
      </Tabs.Content>
      <Tabs.Content class="tab-panel" value="json">
        <JsonPanel payload={props.payload} />
      </Tabs.Content>
      <Tabs.Content class="tab-panel" value="hex">
        <div class="panel-actions">
          <CopyButton label="Copy hex" get={() => hexDump(bytes())} />
        </div>
        <HexView bytes={bytes()} />
      </Tabs.Content>
      <Tabs.Content class="tab-panel" value="base64">
        <Base64Panel bytes={bytes} />
      </Tabs.Content>
      <Tabs.Content class="tab-panel" value="decoded">
        <DecodedPanel
          id={props.id}
          direction={props.direction}
          payload={props.payload}
          subprotocol={props.subprotocol}
          url={props.url}
          auto={auto}
        />
      </Tabs.Content>
    </Tabs>
  );
}

function TextPanel(props: { payload: Payload; bytes: Accessor<Uint8Array> }) {
  const [decoded, setDecoded] = createSignal<string | null>();
  return (
    <Show
      when={typeof props.payload === "string" ? props.payload : undefined}
      fallback={
        <div>
          <p class="muted">
            Binary frame of {formatByteCount(props.bytes().length)}. Binary is never decoded as text
            on its own: see Hex, or decode it on purpose.
          </p>
          <button
            type="button"
            class="button small"
            onClick={() => setDecoded(decodeUtf8(props.bytes()))}
          >
            Decode as UTF-8
          </button>
          <Switch>
            <Match when={decoded() === null}>
              <p class="field-error">These bytes are not valid UTF-8.</p>
            </Match>
            <Match when={decoded()}>{(text) => <LongText text={text()} />}</Match>
          </Switch>
        </div>
      }
    >
      {(text) => (
        <>
          <div class="panel-actions">
            <CopyButton label="Copy text" get={text} />
          </div>
          <LongText text={text()} />
        </>
      )}
    </Show>
  );
}

function JsonPanel(props: { payload: Payload }) {
  const text = typeof props.payload === "string" ? props.payload : undefined;
  const [asked, setAsked] = createSignal(text !== undefined && text.length <= AUTO_PARSE_LIMIT);
  const view = createMemo(() => (asked() && text !== undefined ? jsonView(text) : undefined));
  const parsed = () => {
    const current = view();
    if (current === undefined) return undefined;
    return current.kind === "tree" ? { value: current.value } : null;
  };
  const tooDeep = () => {
    const current = view();
    return current?.kind === "too-deep" ? current.depth : undefined;
  };
  return (
    <Switch>
      <Match when={text === undefined}>
        <p class="muted">
          Binary frames are not JSON. Decoders for binary formats come with their own tabs.
        </p>
      </Match>
      <Match when={!asked()}>
        <p class="muted">
          This frame is {formatByteAmount(text?.length ?? 0)}.{" "}
          <button type="button" class="button small" onClick={() => setAsked(true)}>
            Parse as JSON
          </button>
        </p>
      </Match>
      <Match when={tooDeep()}>
        {(depth) => (
          <>
            <p class="muted" role="note">
              {tooDeepNote(depth())}
            </p>
            <LongText text={text ?? ""} />
          </>
        )}
      </Match>
      <Match when={parsed() === null}>
        <p class="muted">This frame is not valid JSON.</p>
      </Match>
      <Match when={parsed()}>
        {(json) => (
          <>
            <div class="panel-actions">
              <CopyButton label="Copy JSON" get={() => JSON.stringify(json().value, null, 2)} />
            </div>
            <JsonTree value={json().value} />
          </>
        )}
      </Match>
    </Switch>
  );
}

function Base64Panel(props: { bytes: Accessor<Uint8Array> }) {
  // Encode a preview's worth at once; the whole payload only on "Show all" or copy.
  const PREVIEW_BYTES = 48 * 1024;
  const [full, setFull] = createSignal(false);
  const text = createMemo(() =>
    encodeBase64(full() ? props.bytes() : props.bytes().subarray(0, PREVIEW_BYTES)),
  );
  return (
    <>
      <div class="panel-actions">
        <CopyButton label="Copy base64" get={() => encodeBase64(props.bytes())} />
      </div>
      <pre class="mono detail-pre wrap">{text()}</pre>
      <Show when={!full() && props.bytes().length > PREVIEW_BYTES}>
        <p class="muted">
          Showing the first {formatByteAmount(PREVIEW_BYTES)} of{" "}
          {formatByteAmount(props.bytes().length)}.{" "}
          <button type="button" class="button small" onClick={() => setFull(true)}>
            Show all
          </button>
        </p>
      </Show>
    </>
  );
}

function EventDetail(props: { event: FrameEvent }) {
  const event = props.event;
  switch (event.type) {
    case "open":
      return (
        <dl class="detail-meta">
          <dt>URL</dt>
          <dd class="mono">{event.url}</dd>
          <dt>Subprotocol</dt>
          <dd class="mono">{event.protocol || "(none)"}</dd>
          <dt>Extensions</dt>
          <dd class="mono">{event.extensions || "(none)"}</dd>
        </dl>
      );
    case "close":
      return (
        <dl class="detail-meta">
          <dt>Close</dt>
          <dd>{describeClose(event.code, event.reason)}</dd>
          <dt>Clean</dt>
          <dd>
            {event.wasClean ? "yes" : "no (the TCP connection ended without a closing handshake)"}
          </dd>
        </dl>
      );
    case "error":
      return <p class="field-error">{event.message}</p>;
    case "reconnect":
      return (
        <p>
          Reconnect attempt {event.attempt} after {(event.delayMs / 1000).toFixed(2)} s.
        </p>
      );
    case "info":
      return <p>{event.message}</p>;
  }
}
