import { createSignal, For } from "solid-js";
import type { Environments } from "../../state/environments.ts";
import { EnvironmentsDialog } from "./EnvironmentsDialog.tsx";
import "./environments.css";

/**
 * The environment in use (a select, "No environment" first) and the button that opens the
 * editor. Templates everywhere read `{{env.NAME}}` from the one chosen here.
 */
export function EnvironmentPicker(props: { environments: Environments }) {
  const environments = props.environments;
  const [editing, setEditing] = createSignal(false);
  return (
    <div class="environment-picker">
      <select
        class="input environment-select"
        aria-label="Environment"
        title="Templates read {{env.NAME}} from this environment"
        onChange={(event) => environments.select(event.currentTarget.value || undefined)}
      >
        {/* Each option says whether it is selected: the list loads after the select is made. */}
        <option value="" selected={environments.active() === undefined}>
          No environment
        </option>
        <For each={environments.list()}>
          {(environment) => (
            <option value={environment.id} selected={environments.active()?.id === environment.id}>
              {environment.name}
            </option>
          )}
        </For>
      </select>
      <button type="button" class="button small" onClick={() => setEditing(true)}>
        Environments…
      </button>
      <EnvironmentsDialog environments={environments} open={editing()} onOpenChange={setEditing} />
    </div>
  );
}
