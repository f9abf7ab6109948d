// Pass 20 (issue 14, note15 "Left"): a ${aws:PrincipalTag/…} variable in a statement that may name a
// configured role whose tags the config does not state made its prediction unknown, even where no
// value of the tags could change it. run and check now settle it by the variables' bounds (src/predict
// settleByBounds): refused with every statement holding a variable read as permissively as it could
// be, the call is refused; allowed with each read as strictly, it is allowed. Each row: CheckoutRole's
// GET /orders (tags not stated) under the orders resource policy's statements, and the prediction.
import { describe, expect, it } from 'vitest';
import { TIED } from '../diff/helpers.js';
import { ALLOW_CHECKOUT, checkoutConfig, predictCheckout, resourcePolicy, said } from './checkout.js';

const tied = (Effect: string) => ({ ...ALLOW_CHECKOUT, Effect, Condition: TIED });
const ALLOW_OTHER = { ...ALLOW_CHECKOUT, Principal: { AWS: 'arn:aws:iam::111111111111:role/OtherRole' } };

/** [name, the resource policy's statements, the prediction (said), a line its explanation holds] */
const ROWS: [string, object[], string, RegExp][] = [
  [
    'a tied-tag Deny of it where no Allow names it',
    [ALLOW_OTHER, tied('Deny')],
    'deny resource',
    /refused whatever/,
  ],
  [
    'a tied-tag Allow of it beside a plain Allow of it',
    [ALLOW_CHECKOUT, tied('Allow')],
    'allow',
    /allowed whatever/,
  ],
  // Controls: the tags may decide, and the config does not state them.
  [
    'a tied-tag Deny of it beside a plain Allow of it (control)',
    [ALLOW_CHECKOUT, tied('Deny')],
    'unknown',
    /roles\.CheckoutRole\.tags/,
  ],
  [
    'a tied-tag Allow of it alone (control)',
    [ALLOW_OTHER, tied('Allow')],
    'unknown',
    /roles\.CheckoutRole\.tags/,
  ],
];

describe('a tag variable naming a role with unstated tags is decided where its bounds agree', () => {
  const config = checkoutConfig();
  it.each(ROWS)('%s', (_name, statements, expected, line) => {
    const d = predictCheckout(config, resourcePolicy(...(statements as Record<string, unknown>[])));
    expect(said(d).startsWith(expected), said(d)).toBe(true);
    const text = d.decision === 'unknown' ? d.unknown : d.explanation.join('\n');
    expect(text).toMatch(line);
  });
});
