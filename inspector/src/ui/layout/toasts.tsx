import { createContext, type JSX, Show, useContext } from "solid-js";
import { Portal } from "solid-js/web";

/** Where toasts go, and whether the views asking for them are on screen. */
interface ToastHost {
  /** The app's toast region. */
  region: HTMLElement;
  /** False while the view is in a hidden session tab: its toasts leave the region. */
  shown: () => boolean;
}

const ToastContext = createContext<ToastHost>();

/**
 * The app's toast region: a fixed overlay at the bottom right, above the status bar, that takes
 * no room in the layout, so a message can never push a control. Each toast inside carries its own
 * role and name (a polite `status`, or an `alert` for a failure).
 */
export function ToastRegion(props: { children: JSX.Element }) {
  const region = (<div class="toast-region" />) as HTMLDivElement;
  return (
    <ToastContext.Provider value={{ region, shown: () => true }}>
      {props.children}
      {region}
    </ToastContext.Provider>
  );
}

/** Toasts of one session tab: shown only while the tab is. */
export function ToastScope(props: { shown: boolean; children: JSX.Element }) {
  const host = useToastHost();
  return (
    <ToastContext.Provider value={{ region: host.region, shown: () => props.shown }}>
      {props.children}
    </ToastContext.Provider>
  );
}

function useToastHost(): ToastHost {
  const host = useContext(ToastContext);
  if (!host) throw new Error("Toast must be used within a <ToastRegion>");
  return host;
}

/**
 * Its children, shown in the toast region. Give the element inside its role and name; an empty
 * `.toast` takes no room, so a live region can stay in place, waiting for its message.
 */
export function Toast(props: { children: JSX.Element }) {
  const host = useToastHost();
  return (
    <Show when={host.shown()}>
      <Portal mount={host.region}>{props.children}</Portal>
    </Show>
  );
}
