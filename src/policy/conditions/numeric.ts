// Numeric operators. A request value that is not a number matches nothing.
import { Undecided, UNDECIDED } from '../undecided.js';
import { comparisonFamily, holds } from './comparison.js';
import type { Scalar } from './types.js';

const NUMBER = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

export function toNumber(v: Scalar): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string' || !NUMBER.test(v)) return undefined;
  return Number(v);
}

/**
 * A number as read (a double), its text, and whether that double may order it otherwise than its
 * decimal value: a text of more than 15 significant digits, or past a double's normal range (up to
 * 15 digits within it, doubles keep decimals' order and equality).
 */
interface Read {
  n: number;
  text: string;
  loose: boolean;
}

const DECIMAL = /^\s*([-+]?)(\d*)\.?(\d*)(?:[eE]([-+]?\d+))?\s*$/;

function read(v: Scalar): Read | undefined {
  const n = toNumber(v);
  if (n === undefined) return undefined;
  const text = String(v);
  const m = typeof v === 'string' ? DECIMAL.exec(v) : null;
  const significant = m ? `${m[2]}${m[3]}`.replace(/^0+/, '').replace(/0+$/, '').length : 0;
  const abs = Math.abs(n);
  return { n, text, loose: significant > 15 || (significant > 0 && (abs < 1e-300 || abs > 1e300)) };
}

/** A decimal text's exact value (digits × 10^exp), where the exponent is within reach. */
function exactOf(text: string): { digits: bigint; exp: number } | undefined {
  const m = DECIMAL.exec(text)!;
  const exp = Number(m[4] ?? 0) - m[3]!.length;
  if (Math.abs(exp) > 1000) return undefined;
  return { digits: BigInt(`${m[1] === '-' ? '-' : ''}${m[2]}${m[3]}` || '0'), exp };
}

/** The sign of a - b, exactly. */
function exactOrder(a: { digits: bigint; exp: number }, b: { digits: bigint; exp: number }): number {
  const low = Math.min(a.exp, b.exp);
  const d = a.digits * 10n ** BigInt(a.exp - low) - b.digits * 10n ** BigInt(b.exp - low);
  return d > 0n ? 1 : d < 0n ? -1 : 0;
}

/**
 * Compared as doubles, as before; where the two texts compare otherwise as decimals (more digits
 * than a double holds: 1.49999999999999999 is the double 1.5), the request is Undecided: IAM's pages
 * say "integer or decimal" and not at what precision (attack run 19 N08, docs/aws-behaviour.md §62).
 */
function order(a: Read, b: Read, variant: string): number {
  const d = Math.sign(a.n - b.n);
  if (!a.loose && !b.loose) return d;
  const [x, y] = [exactOf(a.text), exactOf(b.text)];
  if (x && y && holds(exactOrder(x, y), variant) !== holds(d, variant))
    throw new Undecided(
      `Numeric: the request's "${a.text.slice(0, 40)}" and the policy's "${b.text.slice(0, 40)}" compare otherwise as decimals than as binary floating-point numbers (doubles); ${UNDECIDED}`,
      'Condition',
    );
  return d;
}

export const numericFamily = comparisonFamily('Numeric', read, 'is not a number', 'a number', order);
