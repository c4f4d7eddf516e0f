import { createContext, useContext } from "solid-js";
import type { Workspace } from "./workspace.ts";

/** The persisted workspace (recent URLs, the reload budget), for components deep in the tree. */
export const WorkspaceContext = createContext<Workspace>();

/** The workspace; throws when used outside `<WorkspaceContext.Provider>`. */
export function useWorkspace(): Workspace {
  const workspace = useContext(WorkspaceContext);
  if (!workspace) throw new Error("useWorkspace must be used within a <WorkspaceContext.Provider>");
  return workspace;
}
