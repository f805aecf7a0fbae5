import type { Logger } from '../infra/logger.js';

/**
 * Which Asterisk sounds exist, for flow validation. Saving a draft asks `exists` and takes the
 * answer as it is; publishing calls `refresh` first, so a flow never goes live on a stale list.
 */
export interface SoundCatalog {
  /** True when Asterisk has the sound, or when the list has not been loaded yet. */
  exists(name: string): boolean;
  /** Loads the list again; rejects with the reason when it cannot (publish is then refused). */
  refresh(): Promise<void>;
  /** Whether `exists` answers from a real list (false: every name is taken on trust). */
  readonly loaded: boolean;
}

/** The part of ARI the catalogue needs; a function, since the daemon's ARI client exists only once connected. */
export type ListSounds = () => Promise<Array<{ id: string }>>;

/** Asterisk's sounds through ARI (GET /sounds), loaded at start and on every refresh. */
export class AriSoundCatalog implements SoundCatalog {
  private names: Set<string> | null = null;
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly listSounds: ListSounds,
    private readonly logger?: Logger,
  ) {}

  get loaded(): boolean {
    return this.names !== null;
  }

  exists(name: string): boolean {
    // Until Asterisk has answered once, a missing Asterisk must not block saving drafts.
    return this.names === null || this.names.has(name);
  }

  /** Loads the list now; a failure is logged, not thrown (Asterisk may come later; publish refreshes). */
  async start(): Promise<void> {
    await this.refresh().catch((err: unknown) =>
      this.logger?.warn({ err: reasonOf(err) }, 'could not load the list of Asterisk sounds yet'),
    );
  }

  refresh(): Promise<void> {
    // Concurrent publishes share one request to Asterisk.
    this.inFlight ??= this.load().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async load(): Promise<void> {
    let sounds: Array<{ id: string }>;
    try {
      sounds = await this.listSounds();
    } catch (err) {
      throw new SoundListUnavailable(`Asterisk's sound list (ARI GET /sounds) failed: ${reasonOf(err)}`);
    }
    if (!Array.isArray(sounds)) {
      throw new SoundListUnavailable(
        `Asterisk's sound list (ARI GET /sounds) is not a list: ${typeof sounds}`,
      );
    }
    this.names = new Set(sounds.flatMap((s) => (typeof s?.id === 'string' ? [s.id] : [])));
    this.logger?.debug({ sounds: this.names.size }, 'loaded the list of Asterisk sounds');
  }
}

/** A list given up front: tests, and installs that validate against a captured list. */
export class FixedSoundCatalog implements SoundCatalog {
  readonly loaded = true;
  private readonly names: Set<string>;

  constructor(names: Iterable<string>) {
    this.names = new Set(names);
  }

  exists(name: string): boolean {
    return this.names.has(name);
  }

  async refresh(): Promise<void> {}
}

/** The sound list could not be had; the message says from where and why. */
export class SoundListUnavailable extends Error {
  override readonly name = 'SoundListUnavailable';
}

function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
