/** Resolves in a task after the current one, leaving the browser room to render and handle input in between. */
export const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
