import { onCleanup } from "solid-js";

/**
 * What the app may ask of a session's views: a keyboard shortcut, Connect or the empty log's hint
 * asks; the view that owns the element does it. Each view registers what it can do while it is
 * mounted, so the asking side needs no element, ref or id.
 */
export type SessionCommand =
  | "focus-url"
  | "focus-filter"
  | "focus-message"
  | "clear-log"
  | "toggle-panel"
  | "open-playground";

/** How to run a command. */
export interface CommandOptions {
  /**
   * Open what hides the target first (the Compose tab, the collapsed panel); without it, the
   * command does nothing while its target is out of sight. @default true
   */
  readonly reveal?: boolean;
}

/** A command's handler: true when it did what was asked. */
export type CommandHandler = (options: Required<CommandOptions>) => boolean;

/** The commands of one session and the views that handle them. */
export interface SessionCommands {
  /** Handles `command` with `run` until the calling owner is disposed (the latest one wins). */
  handle(command: SessionCommand, run: CommandHandler): void;
  /** Runs `command`; false when no view handles it or it could not be done. */
  run(command: SessionCommand, options?: CommandOptions): boolean;
}

/** A session's command registry. */
export function createSessionCommands(): SessionCommands {
  const handlers = new Map<SessionCommand, CommandHandler>();
  return {
    handle(command, run) {
      handlers.set(command, run);
      onCleanup(() => {
        if (handlers.get(command) === run) handlers.delete(command);
      });
    },
    run(command, options = {}) {
      return handlers.get(command)?.({ reveal: options.reveal ?? true }) ?? false;
    },
  };
}
