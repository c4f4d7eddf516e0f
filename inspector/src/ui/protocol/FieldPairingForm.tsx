import { createSignal, Show } from "solid-js";
import { checkFieldPairing } from "../../../../echo-server/protocol/sessions/raw.ts";
import type { FieldPairing } from "../../../../echo-server/protocol/sessions/types.ts";
import { useSession } from "../../state/session-context.ts";
import { createOutcome, OutcomeLine } from "./outcome.tsx";

const LABELS: Record<keyof FieldPairing, string> = {
  requestPath: "Request id field",
  replyPath: "Reply id field",
  namePath: "Name field",
  errorPath: "Error field",
};

/**
 * Raw frames with a protocol of one's own: name the JSON field a request carries its id in and
 * the one a reply names it in, and frames that have them pair up, with their latencies.
 */
export function FieldPairingForm() {
  const { protocol } = useSession();
  const initial = protocol.fields();
  const [values, setValues] = createSignal<FieldPairing>(
    initial ?? { requestPath: "$.reqId", replyPath: "$.replyTo", namePath: "", errorPath: "" },
  );
  const [problems, setProblems] = createSignal<Partial<Record<keyof FieldPairing, string>>>({});
  const result = createOutcome();

  function pair(submit: SubmitEvent) {
    submit.preventDefault();
    const fields = values();
    const found = checkFieldPairing(fields);
    setProblems(found);
    const first = Object.entries(found)[0];
    if (first) return result.fail(`${LABELS[first[0] as keyof FieldPairing]}: ${first[1]}`);
    protocol.setFields({
      requestPath: fields.requestPath,
      replyPath: fields.replyPath,
      ...(fields.namePath ? { namePath: fields.namePath } : {}),
      ...(fields.errorPath ? { errorPath: fields.errorPath } : {}),
    });
    result.clear();
  }

  const field = (key: keyof FieldPairing, placeholder: string) => (
    <label class="field">
      <span class="field-label">{LABELS[key]}</span>
      <input
        class="input mono protocol-path"
        value={values()[key] ?? ""}
        placeholder={placeholder}
        aria-invalid={problems()[key] !== undefined}
        onInput={(e) => setValues({ ...values(), [key]: e.currentTarget.value })}
        spellcheck={false}
      />
    </label>
  );

  return (
    <form class="protocol-form" aria-label="Field pairing" onSubmit={pair}>
      <p class="muted protocol-hint">
        Raw frames go from the Compose tab. To pair a protocol of your own, name the JSON fields its
        requests and replies carry their ids in.
      </p>
      <div class="protocol-row">
        {field("requestPath", "$.reqId")}
        {field("replyPath", "$.replyTo")}
        {field("namePath", "$.type (optional)")}
        {field("errorPath", "$.error (optional)")}
        <button type="submit" class="button primary">
          Pair
        </button>
        <Show when={protocol.fields()}>
          <button type="button" class="button" onClick={() => protocol.setFields(undefined)}>
            Stop pairing
          </button>
        </Show>
      </div>
      <Show when={protocol.fields()}>
        {(fields) => (
          <p class="muted">
            Pairing requests at <span class="mono">{fields().requestPath}</span> with replies at{" "}
            <span class="mono">{fields().replyPath}</span>.
          </p>
        )}
      </Show>
      <OutcomeLine outcome={result.outcome()} />
    </form>
  );
}
