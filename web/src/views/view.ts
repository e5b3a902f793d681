/** Draws one page into `main`; `signal` aborts when the reader has moved on to another page. */
export type View<Params> = (main: HTMLElement, params: Params, signal: AbortSignal) => Promise<void>;
