export type ReadResult = { digits: string; ended: 'max' | 'terminator' | 'timeout' } | 'hangup';

export interface ReadOptions {
  max: number;
  terminator?: string;
  firstTimeoutMs: number;
  interDigitTimeoutMs: number;
  initial?: string;
}

const KEY = /^[0-9*#]$/;

/**
 * The caller's keys on a live call, with the flow port's rules (cti/ivr/flow/port.ts):
 * keys are dropped unless a wait is listening; during a barge-in prompt the first key interrupts;
 * keys after that, or after the prompt ended, are buffered for the readDigits() that follows.
 */
export class Keypad {
  private mode: 'drop' | 'bargeIn' | 'buffer' | 'read' = 'drop';
  private buffer = '';
  private bargeIn: ((digit: string) => void) | null = null;
  private reader: ((digit: string) => void) | null = null;
  private hungUp = false;
  private readonly hangupListeners: Array<() => void> = [];

  keyPressed(digit: string): void {
    if (!KEY.test(digit)) return;
    if (this.mode === 'bargeIn') {
      this.mode = 'buffer';
      const interrupt = this.bargeIn;
      this.bargeIn = null;
      interrupt?.(digit);
    } else if (this.mode === 'buffer') {
      this.buffer += digit;
    } else if (this.mode === 'read') {
      this.reader?.(digit);
    }
  }

  /** A prompt the caller may interrupt starts: the first key goes to `onKey`. */
  listenForBargeIn(onKey: (digit: string) => void): void {
    this.mode = 'bargeIn';
    this.buffer = '';
    this.bargeIn = onKey;
  }

  /** The barge-in prompt ended without a key: keys from now on wait for readDigits(). */
  bufferUntilRead(): void {
    this.mode = 'buffer';
    this.bargeIn = null;
  }

  /** Nothing is asked: keys are dropped. */
  ignoreKeys(): void {
    this.mode = 'drop';
    this.buffer = '';
    this.bargeIn = null;
    this.reader = null;
  }

  read(options: ReadOptions): Promise<ReadResult> {
    if (this.hungUp) return Promise.resolve('hangup');
    const pending = `${options.initial ?? ''}${this.buffer}`;
    this.buffer = '';
    this.mode = 'read';
    return new Promise((resolve) => {
      let digits = '';
      let timer: NodeJS.Timeout | null = null;
      const finish = (result: ReadResult) => {
        if (timer) clearTimeout(timer);
        this.ignoreKeys();
        resolve(result);
      };
      const arm = (ms: number) => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => finish({ digits, ended: 'timeout' }), ms);
      };
      const take = (digit: string): boolean => {
        if (options.terminator !== undefined && digit === options.terminator) {
          finish({ digits, ended: 'terminator' });
          return true;
        }
        digits += digit;
        if (digits.length >= options.max) {
          finish({ digits, ended: 'max' });
          return true;
        }
        arm(options.interDigitTimeoutMs);
        return false;
      };
      this.onHangup(() => finish('hangup'));
      for (const digit of pending) if (take(digit)) return;
      if (digits === '') arm(options.firstTimeoutMs);
      this.reader = (digit) => void take(digit);
    });
  }

  hangup(): void {
    this.hungUp = true;
    this.ignoreKeys();
    for (const listener of this.hangupListeners.splice(0)) listener();
  }

  private onHangup(listener: () => void): void {
    this.hangupListeners.push(listener);
  }
}
