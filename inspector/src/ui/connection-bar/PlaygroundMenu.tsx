import { DropdownMenu } from "@kobalte/core/dropdown-menu";
import { createResource, createSignal, For, Show } from "solid-js";
import {
  endpointUrl,
  type PlaygroundEndpoint,
  parseEndpointList,
} from "../../model/connect/playground-endpoints.ts";
import { useSession } from "../../state/session-context.ts";

async function loadEndpoints(): Promise<PlaygroundEndpoint[] | null> {
  try {
    const response = await fetch("/api/endpoints");
    const list = response.ok ? parseEndpointList(await response.json()) : null;
    return list?.filter((endpoint) => !endpoint.internal) ?? null;
  } catch {
    return null;
  }
}

/**
 * "Playground": the bundled server's endpoints, read from the server itself, each filling the
 * URL field. When the inspector is not served by the bundled server, it says so. The session's
 * "open-playground" command (the empty log's hint) opens it too.
 */
export function PlaygroundMenu(props: { onPick: (url: string) => void }) {
  const { commands } = useSession();
  const [endpoints] = createResource(loadEndpoints);
  const [open, setOpen] = createSignal(false);
  commands.handle("open-playground", () => {
    setOpen(true);
    return true;
  });
  return (
    <DropdownMenu modal={false} open={open()} onOpenChange={setOpen}>
      <DropdownMenu.Trigger class="button playground-trigger">Playground ▾</DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content class="menu">
          <Show
            when={endpoints()}
            fallback={
              <DropdownMenu.Item class="menu-item" disabled>
                <DropdownMenu.ItemLabel>
                  {endpoints.loading ? "Loading…" : "No playground server at this origin"}
                </DropdownMenu.ItemLabel>
              </DropdownMenu.Item>
            }
          >
            {(list) => (
              <For each={list()}>
                {(endpoint) => (
                  <DropdownMenu.Item
                    class="menu-item"
                    onSelect={() => props.onPick(endpointUrl(location.origin, endpoint.path))}
                  >
                    <DropdownMenu.ItemLabel class="menu-item-label mono">
                      {endpoint.path}
                    </DropdownMenu.ItemLabel>
                    <DropdownMenu.ItemDescription class="menu-item-description">
                      {endpoint.description}
                    </DropdownMenu.ItemDescription>
                  </DropdownMenu.Item>
                )}
              </For>
            )}
          </Show>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu>
  );
}
