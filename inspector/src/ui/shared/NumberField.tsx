/** A narrow labelled text input for a number, kept as typed (the caller parses and validates). */
export function NumberField(props: {
  label: string;
  value: string;
  onValue: (value: string) => void;
  /** Offer a decimal keypad rather than digits only. */
  decimal?: boolean;
  disabled?: boolean;
  /** The value was checked and refused. */
  invalid?: boolean;
}) {
  return (
    <label class="field narrow">
      <span class="field-label">{props.label}</span>
      <input
        class="input"
        inputMode={props.decimal ? "decimal" : "numeric"}
        value={props.value}
        disabled={props.disabled}
        aria-invalid={props.invalid ? "true" : undefined}
        onInput={(e) => props.onValue(e.currentTarget.value)}
      />
    </label>
  );
}
