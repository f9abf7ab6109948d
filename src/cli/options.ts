// Option values commander hands over as strings, checked the same way for every command.
import { InputError } from '../errors.js';

/** A whole number from min to max, or undefined when the option was not given. */
export function integerOption(
  value: string | undefined,
  name: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max)
    throw new InputError(`must be a whole number from ${min} to ${max} (got "${value}")`, { field: name });
  return n;
}
