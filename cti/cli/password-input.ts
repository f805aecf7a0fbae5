import { CliFailure, type CliIo, EXIT } from './io.js';

/**
 * Reads a new password from stdin so it never appears in `ps` or the shell history: one line when
 * piped (`printf '%s\n' "$PW" | switchboard add-user ...`), or typed twice without echo at a terminal.
 */
export async function readNewPassword(io: CliIo, forWhom: string): Promise<string> {
  if (io.stdin.isTTY && io.stdin.setRawMode) {
    const first = await readHidden(io, `New password for ${forWhom}: `);
    const again = await readHidden(io, 'Same password again: ');
    if (first !== again) throw new CliFailure(EXIT.failed, ['the two passwords differ; nothing changed']);
    return first;
  }
  const line = await readFirstLine(io.stdin);
  if (line === null || line === '') {
    throw new CliFailure(EXIT.failed, [
      `no password on stdin for ${forWhom}: pipe one line, e.g. printf '%s\\n' "$PASSWORD" | switchboard ...`,
    ]);
  }
  return line;
}

async function readFirstLine(stream: NodeJS.ReadableStream): Promise<string | null> {
  stream.setEncoding('utf8');
  let buffered = '';
  for await (const chunk of stream) {
    buffered += String(chunk);
    const end = buffered.indexOf('\n');
    if (end >= 0) return buffered.slice(0, end).replace(/\r$/, '');
  }
  return buffered === '' ? null : buffered.replace(/\r$/, '');
}

function readHidden(io: CliIo, prompt: string): Promise<string> {
  const stdin = io.stdin;
  io.stderr.write(prompt);
  stdin.setRawMode?.(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = () => {
      stdin.setRawMode?.(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      io.stderr.write('\n');
    };
    const onData = (chunk: string | Buffer) => {
      for (const char of String(chunk)) {
        if (char === '\r' || char === '\n') {
          finish();
          resolve(typed);
          return;
        }
        if (char === '\u0003' || char === '\u0004') {
          finish();
          reject(new CliFailure(EXIT.interrupted, ['cancelled; nothing changed']));
          return;
        }
        typed = char === '\u007f' || char === '\b' ? [...typed].slice(0, -1).join('') : typed + char;
      }
    };
    stdin.on('data', onData);
  });
}
