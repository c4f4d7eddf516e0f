import { createMemo, createSignal, For, Match, Show, Switch } from "solid-js";
import { type AutoDecoded, decoderById, decodersFor } from "../../model/decoders/index.ts";
import { describeFit, rankTypes, type TypeFit } from "../../model/decoders/protobuf/index.ts";
import { payloadBytes } from "../../model/frames/codecs.ts";
import type { Payload } from "../../model/frames/frame.ts";
import type { FrameDirection } from "../../state/decoders.ts";
import { useSession } from "../../state/session-context.ts";
import { JsonTree } from "./JsonTree.tsx";

/** Types Detect lists, best first. */
const DETECT_SHOWN = 8;

/**
 * The "Decoded" tab: the payload through the session's protobuf schema when a message type
 * applies (its direction's, or one chosen for this frame; Detect ranks them), else through a
 * format decoder (chosen from the subprotocol or the content, or by hand), as a summary line and
 * a tree; and what the custom decoder made of it, or its error, when one runs.
 */
export function DecodedPanel(props: {
  id: number;
  direction: FrameDirection;
  payload: Payload;
  subprotocol: string;
  url: string;
  auto: AutoDecoded | null;
}) {
  const { decoders } = useSession();
  const protobuf = createMemo(() =>
    decoders.decodeProtobuf(props.id, props.direction, props.payload),
  );
  return (
    <>
      <Show when={decoders.schema()}>
        <FrameTypeChooser id={props.id} direction={props.direction} payload={props.payload} />
      </Show>
      <Show
        when={protobuf()}
        fallback={<FormatDecoded payload={props.payload} auto={props.auto} />}
      >
        {(result) => (
          <Show
            when={result().ok ? result() : undefined}
            fallback={
              <p class="field-error" role="alert">
                {(result() as { error: string }).error}
              </p>
            }
          >
            {(decoded) => {
              const ok = decoded() as Extract<ReturnType<typeof result>, { ok: true }>;
              return (
                <>
                  <p class="decoded-summary mono">{ok.decoded.summary}</p>
                  <Show when={ok.problems.length > 0}>
                    <ul class="field-error decoded-problems" aria-label="Decoding problems">
                      <For each={ok.problems.slice(0, 20)}>{(problem) => <li>{problem}</li>}</For>
                    </ul>
                  </Show>
                  <JsonTree value={ok.decoded.value} />
                </>
              );
            }}
          </Show>
        )}
      </Show>
      <Show when={decoders.custom.enabled()}>
        <CustomDecoded id={props.id} />
      </Show>
    </>
  );
}

/** The format decoders that read the payload, one chosen (automatically, or by hand). */
function FormatDecoded(props: { payload: Payload; auto: AutoDecoded | null }) {
  const candidates = createMemo(() => decodersFor(props.payload));
  const [chosen, setChosen] = createSignal(props.auto?.decoder.id ?? candidates()[0]?.id ?? "");
  const decoded = createMemo(() => {
    const decoder = decoderById(chosen());
    return decoder ? decoder.decode(props.payload) : null;
  });
  return (
    <Show
      when={candidates().length > 0}
      fallback={<p class="muted">No decoder recognises this payload.</p>}
    >
      <label class="field inline">
        <span class="field-label">Decoder</span>
        <select class="input" value={chosen()} onChange={(e) => setChosen(e.currentTarget.value)}>
          <For each={candidates()}>
            {(decoder) => <option value={decoder.id}>{decoder.name}</option>}
          </For>
        </select>
      </label>
      <Show when={decoded()} fallback={<p class="muted">This decoder cannot read the payload.</p>}>
        {(result) => (
          <>
            <p class="decoded-summary mono">{result().summary}</p>
            <JsonTree value={result().value} />
          </>
        )}
      </Show>
    </Show>
  );
}

/** "Message type (this frame)" (its direction's by default), and "Detect" to rank them. */
function FrameTypeChooser(props: { id: number; direction: FrameDirection; payload: Payload }) {
  const { decoders } = useSession();
  const [fits, setFits] = createSignal<TypeFit[]>();
  const types = () => decoders.schema()?.types ?? [];
  const fallbackType = () => decoders.messageType(props.direction);
  const detect = () => {
    const schema = decoders.schema();
    if (schema) setFits(rankTypes(schema, payloadBytes(props.payload)));
  };
  return (
    <div class="frame-type">
      <div class="decoders-row">
        <label class="field inline">
          <span class="field-label">Message type (this frame)</span>
          <select
            class="input"
            value={decoders.frameType(props.id) ?? ""}
            onChange={(event) =>
              decoders.setFrameType(props.id, event.currentTarget.value || undefined)
            }
          >
            <option value="">
              {fallbackType() ? `As ${props.direction}: ${fallbackType()}` : "(none)"}
            </option>
            <For each={types()}>{(type) => <option value={type}>{type}</option>}</For>
          </select>
        </label>
        <button type="button" class="button small" onClick={detect}>
          Detect
        </button>
      </div>
      <Show when={fits()}>
        {(list) => (
          <ol class="detect-list" aria-label="Message types by fit">
            <For each={list().slice(0, DETECT_SHOWN)}>
              {(fit) => (
                <li>
                  <span class="mono detect-type">{fit.type}</span>
                  <span class={fit.error ? "muted detect-fit" : "detect-fit"}>
                    {describeFit(fit)}
                  </span>
                  <Show when={!fit.error}>
                    <button
                      type="button"
                      class="button small"
                      aria-label={`Use ${fit.type}`}
                      onClick={() => {
                        decoders.setFrameType(props.id, fit.type);
                        setFits(undefined);
                      }}
                    >
                      Use
                    </button>
                  </Show>
                </li>
              )}
            </For>
          </ol>
        )}
      </Show>
    </div>
  );
}

/** What the custom decoder made of the frame: a tree, its error, or that it is on its way. */
function CustomDecoded(props: { id: number }) {
  const { decoders } = useSession();
  const result = () => decoders.custom.result(props.id);
  return (
    <section class="custom-decoded" aria-label="Custom decoder result">
      <h4 class="compose-title">Custom decoder</h4>
      <Switch fallback={<p class="muted">Only text and binary frames are decoded.</p>}>
        <Match when={result()?.state === "pending"}>
          <p class="muted">Decoding…</p>
        </Match>
        <Match when={result()?.state === "done" && result()}>
          {(done) => {
            const current = done() as Extract<ReturnType<typeof result>, { state: "done" }>;
            return current.ok ? (
              <JsonTree value={current.value} />
            ) : (
              <p class="field-error" role="alert">
                {current.error}
              </p>
            );
          }}
        </Match>
      </Switch>
    </section>
  );
}
