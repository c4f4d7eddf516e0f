import { createSignal } from "solid-js";
import { emptyRelayForm, type RelayForm } from "../model/connect/relay-settings.ts";
import type { TapTabSettings } from "./tap.ts";

/** How a session connects: what the connection bar holds, as plain data (saved and shared). */
export interface SessionSettingsValue {
  url: string;
  /** As typed: comma-separated. */
  protocols: string;
  reconnect: boolean;
  viaRelay: boolean;
  relay: RelayForm;
  /** Set for a tab that shows a tap's traffic instead of a connection of its own. */
  tap?: TapTabSettings;
}

/** Reactive settings of one session. */
export interface SessionSettings {
  readonly url: () => string;
  setUrl(url: string): void;
  readonly protocols: () => string;
  setProtocols(protocols: string): void;
  readonly reconnect: () => boolean;
  setReconnect(reconnect: boolean): void;
  readonly viaRelay: () => boolean;
  setViaRelay(viaRelay: boolean): void;
  readonly relay: () => RelayForm;
  setRelay(relay: RelayForm): void;
  /** The tap this tab shows, fixed when the tab opens. */
  readonly tap: TapTabSettings | undefined;
  /** The settings as plain data. */
  value(): SessionSettingsValue;
}

/** Settings with defaults for anything not given. */
export function createSessionSettings(
  initial: Partial<SessionSettingsValue> & { url: string },
): SessionSettings {
  const [url, setUrl] = createSignal(initial.url);
  const [protocols, setProtocols] = createSignal(initial.protocols ?? "");
  const [reconnect, setReconnect] = createSignal(initial.reconnect ?? false);
  const [viaRelay, setViaRelay] = createSignal(initial.viaRelay ?? false);
  // Forms saved by earlier builds lack newer fields (such as rememberSecrets): defaults fill them.
  const [relay, setRelay] = createSignal<RelayForm>({ ...emptyRelayForm, ...initial.relay });
  return {
    url,
    setUrl,
    protocols,
    setProtocols,
    reconnect,
    setReconnect,
    viaRelay,
    setViaRelay,
    relay,
    setRelay,
    tap: initial.tap,
    value: () => ({
      url: url(),
      protocols: protocols(),
      reconnect: reconnect(),
      viaRelay: viaRelay(),
      relay: relay(),
      ...(initial.tap ? { tap: initial.tap } : {}),
    }),
  };
}
