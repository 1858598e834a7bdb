/** The listeners of one kind of change, for the stores' `onChange`/`onAdded`. */
export class Listeners<Args extends unknown[]> {
  readonly #listeners = new Set<(...args: Args) => void>();

  /** Adds a listener; returns the function that removes it. */
  add(listener: (...args: Args) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Calls every listener, in the order they were added. */
  emit(...args: Args): void {
    for (const listener of this.#listeners) listener(...args);
  }
}
