// What the process was asked to do by a signal, shared between the executable (which owns the
// process's signal handlers) and the engine runs (which must stop their child cleanly). A run
// attaches while its child lives; each SIGINT/SIGTERM is handed to the runs attached at that moment.

/** A signal the process received, or "cancel": the command itself stops its runs (a failed check). */
export type InterruptSignal = "SIGINT" | "SIGTERM" | "cancel";

/** Handed to an attached run for every signal: the first it sees asks it to stop, a later one to stop now. */
export type InterruptListener = (signal: InterruptSignal) => void;

export interface Interrupts {
  /** The first signal received, once there was one. */
  readonly received: InterruptSignal | undefined;
  /** Registers a running child's stop function; the returned function removes it. */
  attach(listener: InterruptListener): () => void;
}

/**
 * The process-wide interrupt state. `deliver` is called by the executable's signal handlers and
 * answers whether a run took the signal; when none did, the caller falls back to the default
 * behaviour (the process ends), as nothing needs to be stopped in order.
 */
export class InterruptState implements Interrupts {
  #received: InterruptSignal | undefined;
  readonly #listeners = new Set<InterruptListener>();

  get received(): InterruptSignal | undefined {
    return this.#received;
  }

  attach(listener: InterruptListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  deliver(signal: InterruptSignal): boolean {
    this.#received ??= signal;
    for (const listener of this.#listeners) listener(signal);
    return this.#listeners.size > 0;
  }
}

/** Never interrupted: in-process callers (tests) that install no signal handlers. */
export const noInterrupts: Interrupts = { received: undefined, attach: () => () => undefined };

/**
 * The process's interrupts plus one of the command's own: `cancel` stops the runs attached now and
 * later, as a first interrupt would (a plan that no longer matters because the account check failed).
 */
export function cancellable(parent: Interrupts): { interrupts: Interrupts; cancel(): void } {
  const local = new Set<InterruptListener>();
  let cancelled = false;
  return {
    interrupts: {
      get received() {
        return parent.received;
      },
      attach(listener) {
        const detach = parent.attach(listener);
        local.add(listener);
        if (cancelled) listener("cancel");
        return () => {
          detach();
          local.delete(listener);
        };
      },
    },
    cancel() {
      if (cancelled) return;
      cancelled = true;
      for (const listener of local) listener("cancel");
    },
  };
}
