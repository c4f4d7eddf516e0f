import { DropdownMenu } from "@kobalte/core/dropdown-menu";
import { createSignal } from "solid-js";
import { type CommandSetup, websocatCommand, wscatCommand } from "../../model/connect/commands.ts";
import { relaySettingsFrom } from "../../model/connect/relay-settings.ts";
import { shareLink, shareNotice } from "../../model/connect/share-link.ts";
import { parseSubprotocols } from "../../model/connect/url.ts";
import { useSession } from "../../state/session-context.ts";
import { Toast } from "../layout/toasts.tsx";

/**
 * "Copy as": a share link (without credentials; the notice names what was left out), or the
 * same connection as a websocat or wscat command (with everything: it runs on your machine).
 * What was copied shows as a toast, so the message never moves the connection bar.
 */
export function CopyAsMenu() {
  const { settings, environment } = useSession();
  const [notice, setNotice] = createSignal("");
  let clearNotice: ReturnType<typeof setTimeout> | undefined;

  /** The setup; with `env`, header values read the environment (commands run as they are). */
  function setup(env?: Readonly<Record<string, string>>): CommandSetup {
    const protocols = parseSubprotocols(settings.protocols());
    const relay = settings.viaRelay() ? relaySettingsFrom(settings.relay(), "", env) : undefined;
    return {
      url: settings.url().trim(),
      protocols: protocols.ok ? protocols.protocols : [],
      headers: relay?.ok ? relay.settings.connect.headers : [],
      ...(relay?.ok && relay.settings.connect.origin
        ? { origin: relay.settings.connect.origin }
        : {}),
    };
  }

  async function copy(what: string, text: string, done = `Copied ${what}`) {
    try {
      await navigator.clipboard.writeText(text);
      setNotice(done);
    } catch {
      setNotice(`Could not copy ${what}`);
    }
    clearTimeout(clearNotice);
    // Long enough to read what a share link left out.
    clearNotice = setTimeout(() => setNotice(""), 5000);
  }

  return (
    <>
      <DropdownMenu modal={false}>
        <DropdownMenu.Trigger class="button">Copy as ▾</DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content class="menu">
            <DropdownMenu.Item
              class="menu-item"
              onSelect={() => {
                const { url, headers } = setup();
                const { link, removed } = shareLink(
                  location.origin,
                  { url, protocols: settings.protocols(), viaRelay: settings.viaRelay(), headers },
                  environment.finder(),
                );
                void copy("the share link", link, shareNotice(removed));
              }}
            >
              <DropdownMenu.ItemLabel>Share link</DropdownMenu.ItemLabel>
              <DropdownMenu.ItemDescription class="menu-item-description">
                URL, subprotocols and harmless headers; never credentials
              </DropdownMenu.ItemDescription>
            </DropdownMenu.Item>
            <DropdownMenu.Item
              class="menu-item"
              onSelect={() =>
                void copy("the websocat command", websocatCommand(setup(environment.values())))
              }
            >
              <DropdownMenu.ItemLabel>websocat command</DropdownMenu.ItemLabel>
            </DropdownMenu.Item>
            <DropdownMenu.Item
              class="menu-item"
              onSelect={() =>
                void copy("the wscat command", wscatCommand(setup(environment.values())))
              }
            >
              <DropdownMenu.ItemLabel>wscat command</DropdownMenu.ItemLabel>
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu>
      <Toast>
        <span class="toast" role="status" aria-label="Copy result">
          {notice()}
        </span>
      </Toast>
    </>
  );
}
