import { DropdownMenu } from "@kobalte/core/dropdown-menu";
import { For, Show } from "solid-js";
import { useWorkspace } from "../../state/workspace-context.ts";

/** "Recent": URLs connected to before (kept across reloads), each filling the URL field. */
export function RecentMenu(props: { onPick: (url: string) => void }) {
  const workspace = useWorkspace();
  return (
    <DropdownMenu modal={false}>
      <DropdownMenu.Trigger class="button">Recent ▾</DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content class="menu">
          <Show
            when={workspace.recent().length > 0}
            fallback={
              <DropdownMenu.Item class="menu-item" disabled>
                <DropdownMenu.ItemLabel>No recent connections yet</DropdownMenu.ItemLabel>
              </DropdownMenu.Item>
            }
          >
            <For each={workspace.recent()}>
              {(url) => (
                <DropdownMenu.Item class="menu-item" onSelect={() => props.onPick(url)}>
                  <DropdownMenu.ItemLabel class="mono">{url}</DropdownMenu.ItemLabel>
                </DropdownMenu.Item>
              )}
            </For>
          </Show>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu>
  );
}
