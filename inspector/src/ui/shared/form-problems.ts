import { createSignal } from "solid-js";

/** A problem a form shows: under a field it names, or (without one) about the form as a whole. */
export interface FormProblem<Field extends string> {
  field?: Field;
  message: string;
}

/**
 * A form's problems as its view shows them: the first message in the form's alert, and
 * `aria-invalid` on each field a problem names. The problems come from a `check*` function in
 * model/; the form sets them on submit.
 */
export function createFormProblems<Field extends string>() {
  const [problems, setProblems] = createSignal<readonly FormProblem<Field>[]>([]);
  return {
    /** The first problem's message, or "". */
    message: () => problems()[0]?.message ?? "",
    /** Whether a problem names `field`. */
    invalid: (field: Field) => problems().some((problem) => problem.field === field),
    set: (next: readonly FormProblem<Field>[]) => setProblems(next),
    /** A problem with the form as a whole, such as "Connect first". */
    fail: (message: string) => setProblems([{ message }]),
    clear: () => setProblems([]),
  };
}
