import { For, Show } from "solid-js";
import { describeStatus } from "../../model/connect/connection-status.ts";
import {
  checkRoomLabForm,
  labServerName,
  type RoomLabFormField,
} from "../../model/connect/room-lab-form.ts";
import { previewPayload } from "../../model/log/preview.ts";
import type { Connection } from "../../state/connection.ts";
import type { RoomLab } from "../../state/room-lab.ts";
import { createFormProblems } from "../shared/form-problems.ts";
import { NumberField } from "../shared/NumberField.tsx";

/** Received messages shown per client. */
const SHOWN = 20;

/** The last messages a client received, newest last. */
const received = (connection: Connection): string[] =>
  connection.latestReceived(SHOWN).map((payload) => previewPayload(payload, 120));

/**
 * The "Room lab": opens N clients (up to 50) on a room URL at once and shows what each one
 * received, so broadcast and room patterns can be seen at work. With a second server's URL the
 * clients take the two in turn, so a message is seen crossing between processes. What is typed lives in the lab's
 * state, so leaving the lab for a session tab and coming back keeps it.
 */
export function RoomLabPanel(props: { lab: RoomLab }) {
  const { url, setUrl, secondUrl, setSecondUrl, count, setCount } = props.lab.form;
  const { sender, setSender, message, setMessage } = props.lab.form;
  const problems = createFormProblems<RoomLabFormField>();

  function open(event: SubmitEvent) {
    event.preventDefault();
    const checked = checkRoomLabForm({ url: url(), secondUrl: secondUrl(), clients: count() });
    if (!checked.ok) return problems.set(checked.errors);
    problems.clear();
    props.lab.open(checked.value.urls, checked.value.count);
  }

  function send(event: SubmitEvent) {
    event.preventDefault();
    props.lab.clients()[sender()]?.send(message());
  }

  return (
    <section class="room-lab" aria-label="Room lab">
      <form class="room-lab-settings" onSubmit={open}>
        <label class="field url-field">
          <span class="field-label">Room URL</span>
          <input
            class="input mono"
            value={url()}
            aria-invalid={problems.invalid("url") ? "true" : undefined}
            onInput={(e) => setUrl(e.currentTarget.value)}
          />
        </label>
        <label class="field url-field">
          <span class="field-label">Second room URL</span>
          <input
            class="input mono"
            value={secondUrl()}
            placeholder="optional: another server sharing the room"
            aria-invalid={problems.invalid("secondUrl") ? "true" : undefined}
            onInput={(e) => setSecondUrl(e.currentTarget.value)}
          />
        </label>
        <NumberField
          label="Clients"
          value={count()}
          invalid={problems.invalid("clients")}
          onValue={setCount}
        />
        <button type="submit" class="button primary">
          Open clients
        </button>
        <button
          type="button"
          class="button"
          disabled={props.lab.clients().length === 0}
          onClick={() => props.lab.closeAll()}
        >
          Close clients
        </button>
        <Show when={problems.message()}>
          <p class="field-error" role="alert">
            {problems.message()}
          </p>
        </Show>
      </form>
      <Show when={props.lab.clients().length > 0}>
        <form class="room-lab-send" onSubmit={send}>
          <label class="field">
            <span class="field-label">From client</span>
            <select
              class="input"
              value={sender()}
              onChange={(e) => setSender(Number(e.currentTarget.value))}
            >
              <For each={props.lab.clients()}>
                {(_, index) => (
                  <option value={index()}>
                    Client {index() + 1}
                    {props.lab.urls().length > 1
                      ? ` (${labServerName(props.lab.urls(), index())})`
                      : ""}
                  </option>
                )}
              </For>
            </select>
          </label>
          <label class="field url-field">
            <span class="field-label">Lab message</span>
            <input
              class="input mono"
              value={message()}
              onInput={(e) => setMessage(e.currentTarget.value)}
            />
          </label>
          <button type="submit" class="button primary">
            Send to room
          </button>
        </form>
        <table class="room-lab-clients" aria-label="Room lab clients">
          <thead>
            <tr>
              <th scope="col">Client</th>
              <th scope="col">Server</th>
              <th scope="col">Status</th>
              <th scope="col">Received</th>
              <th scope="col">Messages (newest last)</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.lab.clients()}>
              {(connection, index) => (
                <tr>
                  <th scope="row">Client {index() + 1}</th>
                  <td class="mono">{labServerName(props.lab.urls(), index())}</td>
                  <td>{describeStatus(connection.status())}</td>
                  <td class="mono">{connection.totals().framesIn}</td>
                  <td>
                    <ol class="lab-messages mono">
                      <For each={received(connection)}>{(text) => <li>{text}</li>}</For>
                    </ol>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
    </section>
  );
}
