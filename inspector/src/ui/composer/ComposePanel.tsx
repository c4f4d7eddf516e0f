import { Show } from "solid-js";
import { CloseControls } from "./CloseControls.tsx";
import { Composer } from "./Composer.tsx";
import { ControlFrames } from "./ControlFrames.tsx";
import { ReplayControls } from "./ReplayControls.tsx";
import { ScheduleControls } from "./ScheduleControls.tsx";

/**
 * The Compose tab, in sections, each a heading beside its controls: Message, Schedule, Replay and
 * Control frames. Every status sits next to the control it reports on.
 */
export function ComposePanel(props: {
  messageRef?: (element: HTMLTextAreaElement) => void;
  /** Whether the tab has a connection of its own to ping or close (a tap tab has not). @default true */
  controlFrames?: boolean;
}) {
  return (
    <div class="compose-panel">
      <section class="compose-section">
        <Composer messageRef={props.messageRef} />
      </section>
      <section class="compose-section">
        <h3 class="compose-title">Schedule</h3>
        <ScheduleControls />
      </section>
      <section class="compose-section">
        <h3 class="compose-title">Replay</h3>
        <ReplayControls />
      </section>
      <Show when={props.controlFrames ?? true}>
        <section class="compose-section">
          <h3 class="compose-title">Control frames</h3>
          <div class="compose-rows">
            <ControlFrames />
            <CloseControls />
          </div>
        </section>
      </Show>
    </div>
  );
}
