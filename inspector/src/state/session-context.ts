import { createContext, useContext } from "solid-js";
import type { Session } from "./session.ts";

/** The session (tab) being rendered, for every view of that tab however deep. */
export const SessionContext = createContext<Session>();

/** The session of the tab being rendered; throws when used outside `<SessionContext.Provider>`. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession must be used within a <SessionContext.Provider>");
  return session;
}
