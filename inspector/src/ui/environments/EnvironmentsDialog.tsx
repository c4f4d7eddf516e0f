import { Dialog } from "@kobalte/core/dialog";
import { createMemo, createSignal, createUniqueId, For, Show } from "solid-js";
import {
  blankVariable,
  checkEnvironment,
  type Environment,
  type EnvironmentVariable,
  isSecretByDefault,
  variableField,
} from "../../model/environments/environment.ts";
import type { Environments } from "../../state/environments.ts";
import { download } from "../shared/download.ts";

/**
 * The environments editor: pick one to edit, rename it, add, change and remove its variables,
 * mark values secret (masked here unless shown, left out of share links and exports), and
 * import or export them as a file (secret values never written). Every change is saved at once.
 */
export function EnvironmentsDialog(props: {
  environments: Environments;
  open: boolean;
  onOpenChange(open: boolean): void;
}) {
  const environments = props.environments;
  const [editingId, setEditingId] = createSignal<string>();
  const [notice, setNotice] = createSignal("");
  const [confirmDelete, setConfirmDelete] = createSignal(false);
  const nameId = createUniqueId();
  const nameErrorId = createUniqueId();

  /** The environment being edited: the chosen one, else the one in use, else the first. */
  const editing = createMemo(() => {
    const list = environments.list();
    return (
      list.find((environment) => environment.id === editingId()) ?? environments.active() ?? list[0]
    );
  });
  const problems = createMemo(() => {
    const current = editing();
    return current ? checkEnvironment(current, environments.list()) : [];
  });
  const problemOf = (field: string) => problems().find((problem) => problem.field === field);

  function change(patch: Partial<Environment>) {
    const current = editing();
    if (current) environments.update({ ...current, ...patch });
  }
  function changeVariable(index: number, patch: Partial<EnvironmentVariable>) {
    const current = editing();
    if (!current) return;
    change({
      variables: current.variables.map((variable, at) =>
        at === index ? { ...variable, ...patch } : variable,
      ),
    });
  }

  function create() {
    const created = environments.create();
    if (!created) return setNotice("There are as many environments as SocketScope keeps (100)");
    setEditingId(created.id);
    setConfirmDelete(false);
    setNotice(`Created “${created.name}”: name it above`);
  }

  function remove() {
    const current = editing();
    if (!current) return;
    if (!confirmDelete()) return setConfirmDelete(true);
    environments.remove(current.id);
    setEditingId(undefined);
    setConfirmDelete(false);
    setNotice(`Deleted ${current.name}`);
  }

  async function importFile(file: File | undefined) {
    if (!file) return;
    const result = environments.importFile(await file.text());
    setNotice(
      result.ok
        ? `Imported ${result.added} ${result.added === 1 ? "environment" : "environments"}`
        : `Import failed: ${result.error}`,
    );
  }

  return (
    <Dialog open={props.open} onOpenChange={props.onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay class="dialog-overlay" />
        <div class="dialog-positioner">
          <Dialog.Content class="dialog environments-dialog">
            <div class="dialog-header">
              <Dialog.Title class="dialog-title">Environments</Dialog.Title>
              <Dialog.CloseButton class="icon-button" aria-label="Close environments">
                <span aria-hidden="true">×</span>
              </Dialog.CloseButton>
            </div>
            <Dialog.Description class="muted environments-help">
              Templates read a variable as {"{{env.NAME}}"}: in messages, schedules, ping loops,
              relay header values and scenarios. Secret values are masked here and never go into
              share links or exports.
            </Dialog.Description>
            <div class="environments-toolbar">
              <Show when={environments.list().length > 0}>
                <label class="field inline">
                  <span class="field-label">Environment to edit</span>
                  <select
                    class="input"
                    onChange={(event) => {
                      setEditingId(event.currentTarget.value);
                      setConfirmDelete(false);
                    }}
                  >
                    <For each={environments.list()}>
                      {(environment) => (
                        <option value={environment.id} selected={editing()?.id === environment.id}>
                          {environment.name}
                        </option>
                      )}
                    </For>
                  </select>
                </label>
              </Show>
              <button type="button" class="button small" onClick={create}>
                New environment
              </button>
              <Show when={editing()}>
                <button
                  type="button"
                  class={confirmDelete() ? "button small danger" : "button small"}
                  onClick={remove}
                >
                  {confirmDelete() ? `Confirm: delete ${editing()?.name}` : "Delete environment"}
                </button>
              </Show>
              <label class="button small file-button">
                Import…
                <input
                  type="file"
                  class="visually-hidden"
                  accept=".json,application/json"
                  onChange={(event) => {
                    void importFile(event.currentTarget.files?.[0]);
                    event.currentTarget.value = "";
                  }}
                />
              </label>
              <button
                type="button"
                class="button small"
                disabled={environments.list().length === 0}
                onClick={() => {
                  download(
                    "socketscope-environments.json",
                    environments.exportFile(),
                    "application/json",
                  );
                  setNotice("Exported the environments (secret values left out)");
                }}
              >
                Export
              </button>
            </div>
            <Show
              when={editing()}
              fallback={<p class="muted">No environments yet: make one with New environment.</p>}
            >
              {(current) => (
                <div class="environment-editor">
                  <div class="field">
                    <label class="field-label" for={nameId}>
                      Environment name
                    </label>
                    <input
                      id={nameId}
                      class="input"
                      value={current().name}
                      aria-invalid={problemOf("name") !== undefined}
                      aria-describedby={nameErrorId}
                      onInput={(event) => change({ name: event.currentTarget.value })}
                    />
                    <span id={nameErrorId} class="field-error">
                      {problemOf("name")?.message}
                    </span>
                  </div>
                  <table class="variables-table" aria-label="Variables">
                    <colgroup>
                      <col class="col-name" />
                      <col class="col-value" />
                      <col class="col-secret" />
                      <col />
                    </colgroup>
                    <thead>
                      <tr>
                        <th scope="col">Name</th>
                        <th scope="col">Value</th>
                        <th scope="col">Secret</th>
                        <th scope="col">
                          <span class="visually-hidden">Actions</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={current().variables}>
                        {(variable, index) => (
                          <VariableRow
                            variable={variable}
                            nameProblem={problemOf(variableField(index(), "name"))?.message}
                            valueProblem={problemOf(variableField(index(), "value"))?.message}
                            onChange={(patch) => changeVariable(index(), patch)}
                            onRemove={() =>
                              change({
                                variables: current().variables.filter((_, at) => at !== index()),
                              })
                            }
                          />
                        )}
                      </For>
                    </tbody>
                  </table>
                  <Show when={problemOf("variables")}>
                    {(problem) => <p class="field-error">{problem().message}</p>}
                  </Show>
                  <div class="environments-actions">
                    <button
                      type="button"
                      class="button small"
                      onClick={() =>
                        change({ variables: [...current().variables, blankVariable()] })
                      }
                    >
                      Add variable
                    </button>
                    <button
                      type="button"
                      class="button small"
                      aria-pressed={environments.active()?.id === current().id}
                      onClick={() => environments.select(current().id)}
                    >
                      {environments.active()?.id === current().id
                        ? "In use"
                        : "Use this environment"}
                    </button>
                  </div>
                </div>
              )}
            </Show>
            <div class="dialog-footer">
              <span class="muted" role="status" aria-label="Environments result">
                {notice() || environments.problem()}
              </span>
              <button type="button" class="button small" onClick={() => props.onOpenChange(false)}>
                Done
              </button>
            </div>
          </Dialog.Content>
        </div>
      </Dialog.Portal>
    </Dialog>
  );
}

/**
 * One variable: its name, its value (a password field while secret and hidden), the secret
 * switch, show/hide for a secret value, and remove. A name that looks secret (TOKEN, API_KEY…)
 * turns the switch on; only the user turns it off.
 */
function VariableRow(props: {
  variable: EnvironmentVariable;
  nameProblem: string | undefined;
  valueProblem: string | undefined;
  onChange(patch: Partial<EnvironmentVariable>): void;
  onRemove(): void;
}) {
  const [shown, setShown] = createSignal(false);
  const nameErrorId = createUniqueId();
  const valueErrorId = createUniqueId();
  const masked = () => props.variable.secret && !shown();
  return (
    <tr>
      <td>
        <input
          class="input mono"
          aria-label="Variable name"
          value={props.variable.name}
          spellcheck={false}
          autocomplete="off"
          aria-invalid={props.nameProblem !== undefined}
          aria-describedby={nameErrorId}
          onInput={(event) => {
            const name = event.currentTarget.value;
            props.onChange({ name, secret: props.variable.secret || isSecretByDefault(name) });
          }}
        />
        <span id={nameErrorId} class="field-error">
          {props.nameProblem}
        </span>
      </td>
      <td>
        <div class="variable-value">
          <input
            class="input mono"
            aria-label="Variable value"
            type={masked() ? "password" : "text"}
            value={props.variable.value}
            spellcheck={false}
            autocomplete={masked() ? "new-password" : "off"}
            aria-invalid={props.valueProblem !== undefined}
            aria-describedby={valueErrorId}
            onInput={(event) => props.onChange({ value: event.currentTarget.value })}
          />
          {/* Beside the value it shows, so the Remove buttons line up in every row. */}
          <Show when={props.variable.secret}>
            <button
              type="button"
              class="button small"
              aria-pressed={shown()}
              onClick={() => setShown(!shown())}
            >
              {shown() ? "Hide value" : "Show value"}
            </button>
          </Show>
        </div>
        <span id={valueErrorId} class="field-error">
          {props.valueProblem}
        </span>
      </td>
      <td class="variable-secret">
        <input
          type="checkbox"
          aria-label="Secret"
          checked={props.variable.secret}
          onChange={(event) => {
            props.onChange({ secret: event.currentTarget.checked });
            if (!event.currentTarget.checked) setShown(false);
          }}
        />
      </td>
      <td class="variable-actions">
        <button type="button" class="button small" onClick={() => props.onRemove()}>
          Remove variable
        </button>
      </td>
    </tr>
  );
}
