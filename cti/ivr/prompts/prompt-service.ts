import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../infra/db/client.js';
import type { Logger } from '../../infra/logger.js';
import { AudioTooLargeError, IvrRuleError, UnsupportedAudioError } from '../rule-error.js';
import { prompts } from '../schema.js';
import {
  AUDIO_CONTENT_TYPES,
  type AudioKind,
  bareContentType,
  describeStart,
  KIND_NAMES,
  sniffAudio,
} from './audio-sniff.js';
import { isPromptId, PROMPT_ID_MAX, promptIdFrom } from './prompt-id.js';
import { liveUploadUses, type PromptUse } from './prompt-usage.js';
import { convertToTelephonyWav, durationMs, SoxError, SoxMissingError } from './sox.js';

/** 10 MB: a few minutes of MP3, over a minute of CD-quality WAV; prompts are short. */
export const MAX_PROMPT_BYTES = 10 * 1024 * 1024;

export interface PromptView {
  id: string;
  description: string | null;
  originalName: string | null;
  /** Size of the stored 8 kHz mono WAV. */
  sizeBytes: number;
  durationMs: number;
  createdAt: Date;
  createdBy: number | null;
  /** Live flow versions playing it (it cannot be deleted while there are any). */
  usedBy: PromptUse[];
}

export interface PromptUpload {
  /** Becomes the id as a slug ("Welcome Message" → "welcome-message"). */
  name: string;
  description?: string;
  contentType: string | undefined;
  body: Uint8Array;
  createdBy: number | null;
}

const ACCEPTED = Object.keys(AUDIO_CONTENT_TYPES).join(', ');

/**
 * Uploaded prompt recordings: checked by content, converted with sox to 8 kHz mono 16-bit WAV at
 * `<promptsDir>/uploads/<id>.wav` (what Asterisk plays), with metadata in the database.
 */
export class PromptService {
  private readonly uploadsDir: string;
  /** Ids being converted now: a second upload of the same name waits for no one and is refused. */
  private readonly pending = new Set<string>();

  constructor(
    private readonly db: Db,
    promptsDir: string,
    private readonly clock: () => Date,
    private readonly logger?: Logger,
  ) {
    this.uploadsDir = join(promptsDir, 'uploads');
  }

  exists(id: string): boolean {
    return this.db.select({ id: prompts.id }).from(prompts).where(eq(prompts.id, id)).get() !== undefined;
  }

  list(): PromptView[] {
    const uses = liveUploadUses(this.db);
    return this.db
      .select()
      .from(prompts)
      .orderBy(asc(prompts.id))
      .all()
      .map((row) => ({ ...row, usedBy: uses.get(row.id) ?? [] }));
  }

  get(id: string): PromptView {
    const row = this.row(id);
    return { ...row, usedBy: liveUploadUses(this.db).get(id) ?? [] };
  }

  /** Host path of the stored WAV. */
  audioPath(id: string): string {
    this.row(id);
    const path = this.fileOf(id);
    if (!existsSync(path)) throw new IvrRuleError('not_found', `prompt "${id}" has no audio file at ${path}`);
    return path;
  }

  async upload(input: PromptUpload): Promise<PromptView> {
    const kind = this.checkedKind(input.contentType, input.body);
    const id = promptIdFrom(input.name);
    if (!isPromptId(id)) {
      throw new IvrRuleError(
        'invalid',
        `prompt name ${JSON.stringify(input.name)} has no letters or digits to make an id from`,
      );
    }
    if (this.pending.has(id) || this.exists(id)) {
      throw new IvrRuleError(
        'conflict',
        `prompt "${id}" already exists; delete it first or choose another name`,
      );
    }
    this.pending.add(id);
    try {
      return await this.store(id, kind, input);
    } finally {
      this.pending.delete(id);
    }
  }

  /** Deletes the prompt and its audio; refused while a live flow version plays it. */
  async delete(id: string): Promise<PromptView> {
    const view = this.db.transaction((tx) => {
      const row = this.row(id, tx);
      const usedBy = liveUploadUses(tx).get(id) ?? [];
      if (usedBy.length > 0) {
        const list = usedBy.map((u) => `flow ${u.flowId} ("${u.flowName}") version ${u.version}`).join(', ');
        throw new IvrRuleError(
          'conflict',
          `prompt "${id}" cannot be deleted: it is played by live ${list}; publish ${usedBy.length === 1 ? 'a version' : 'versions'} without it first`,
        );
      }
      tx.delete(prompts).where(eq(prompts.id, id)).run();
      return { ...row, usedBy };
    });
    // The row is gone, so nothing refers to the file any more; a leftover file is only untidy.
    await rm(this.fileOf(id), { force: true }).catch((err: unknown) =>
      this.logger?.warn({ err, id }, 'could not remove the audio file of a deleted prompt'),
    );
    return view;
  }

  private checkedKind(contentType: string | undefined, body: Uint8Array): AudioKind {
    const type = bareContentType(contentType);
    const declared = type === undefined ? undefined : AUDIO_CONTENT_TYPES[type];
    if (declared === undefined) {
      const got = type === undefined ? 'no content type' : `content type "${type}"`;
      throw new UnsupportedAudioError(`prompt uploads must be ${ACCEPTED}; received ${got}`);
    }
    if (body.length > MAX_PROMPT_BYTES) {
      throw new AudioTooLargeError(
        `prompt upload is ${body.length} bytes; the limit is 10 MB (${MAX_PROMPT_BYTES} bytes)`,
      );
    }
    const actual = sniffAudio(body);
    if (actual === null) {
      throw new UnsupportedAudioError(
        `the body sent as ${type} is not ${KIND_NAMES[declared]} audio: it ${describeStart(body)}`,
      );
    }
    if (actual !== declared) {
      throw new UnsupportedAudioError(
        `the body sent as ${type} (${KIND_NAMES[declared]}) is ${KIND_NAMES[actual]} audio; send it as ${actual === 'wav' ? 'audio/wav' : 'audio/mpeg'}`,
      );
    }
    return actual;
  }

  private async store(id: string, kind: AudioKind, input: PromptUpload): Promise<PromptView> {
    await mkdir(this.uploadsDir, { recursive: true });
    const tag = randomBytes(6).toString('hex');
    const incoming = join(this.uploadsDir, `.incoming-${tag}.${kind}`);
    const converted = join(this.uploadsDir, `.converted-${tag}.wav`);
    const final = this.fileOf(id);
    try {
      await writeFile(incoming, input.body);
      const duration = await this.convert(incoming, kind, converted);
      const { size } = await stat(converted);
      await rename(converted, final);
      try {
        const row = this.db
          .insert(prompts)
          .values({
            id,
            description: input.description?.trim() || null,
            originalName: input.name.slice(0, 200),
            sizeBytes: size,
            durationMs: duration,
            createdAt: this.clock(),
            createdBy: input.createdBy,
          })
          .returning()
          .get();
        return { ...row, usedBy: [] };
      } catch (err) {
        await rm(final, { force: true });
        throw err;
      }
    } finally {
      await rm(incoming, { force: true });
      await rm(converted, { force: true });
    }
  }

  private async convert(input: string, kind: AudioKind, output: string): Promise<number> {
    try {
      await convertToTelephonyWav(input, kind, output);
      const duration = await durationMs(output);
      if (duration <= 0)
        throw new IvrRuleError('invalid', `the uploaded ${KIND_NAMES[kind]} audio is silent: 0 ms long`);
      return duration;
    } catch (err) {
      if (err instanceof SoxMissingError)
        throw new IvrRuleError('unavailable', `prompt upload failed: ${err.message}`);
      if (err instanceof SoxError) {
        // The temporary file's path means nothing to the uploader.
        const said = err.message.replaceAll(`\`${input}'`, 'the upload').replaceAll(input, 'the upload');
        throw new UnsupportedAudioError(`the uploaded ${KIND_NAMES[kind]} audio could not be read: ${said}`);
      }
      throw err;
    }
  }

  private row(id: string, db: Pick<Db, 'select'> = this.db): typeof prompts.$inferSelect {
    const row = isPromptId(id) ? db.select().from(prompts).where(eq(prompts.id, id)).get() : undefined;
    if (!row) throw new IvrRuleError('not_found', `prompt "${id}" not found`);
    return row;
  }

  private fileOf(id: string): string {
    if (!isPromptId(id))
      throw new IvrRuleError(
        'invalid',
        `prompt id ${JSON.stringify(id)} is not a slug of at most ${PROMPT_ID_MAX} characters`,
      );
    return join(this.uploadsDir, `${id}.wav`);
  }
}
