// Option values commander hands over as strings, checked the same way for every command.
import { resolve } from 'node:path';
import { InputError } from '../errors.js';

/** A whole number from min to max, or undefined when the option was not given. */
export function integerOption(
  value: string | undefined,
  name: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  // Decimal digits as written: Number() would also take 0x10, 1e2, +5 and blanks around them.
  const n = /^-?\d{1,16}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < min || n > max)
    throw new InputError(`must be a whole number from ${min} to ${max} (got "${value}")`, { field: name });
  return n;
}

/**
 * A folder named on the command line, resolved against `cwd`. An empty name would resolve to the
 * working folder itself and scatter the reports there.
 */
export function folderOption(value: string, name: string, cwd: string): string {
  if (value.trim() === '') throw new InputError(`must name a folder (got "${value}")`, { field: name });
  return resolve(cwd, value);
}
