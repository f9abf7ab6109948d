// Errors every part shares. The CLI maps them to exit codes: InputError -> 2, InfraError -> 3.
// Messages carry what a user needs to fix the input (file, field or line), never a secret.
import { excerpt } from './escape/index.js';

/** Bad usage, config or input: the message names the file and the field or line. Exit code 2. */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    message: string,
    readonly where: { file?: string; field?: string; line?: number } = {},
  ) {
    super(InputError.format(message, where));
  }
  static format(message: string, where: { file?: string; field?: string; line?: number }): string {
    // A file name is one line of the message whatever it holds (a line feed would forge another).
    const file = where.file === undefined ? undefined : excerpt(where.file, Number.MAX_SAFE_INTEGER);
    const loc = [file, where.line !== undefined ? `line ${where.line}` : undefined, where.field]
      .filter(Boolean)
      .join(': ');
    return loc ? `${loc}: ${message}` : message;
  }
}

/** The run could not finish (network, TLS, AWS unreachable, 5xx). Exit code 3. */
export class InfraError extends Error {
  override name = 'InfraError';
}

/**
 * The run was interrupted (SIGINT/SIGTERM): a call that was cut off or never sent. Never an answer:
 * its cell is an error marked interrupted.
 */
export class Interrupted extends Error {
  override name = 'Interrupted';
  constructor(message = 'the run was interrupted before this call finished') {
    super(message);
  }
}

export const EXIT = { ok: 0, failed: 1, input: 2, infra: 3 } as const;
