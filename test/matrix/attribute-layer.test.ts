// Issue 11 item 4: a denial's layer is the answer's when it names one, else (visibly) the prediction's.
import { describe, expect, it } from 'vitest';
import { attributeLayer, type Observation, type Prediction } from '../../src/matrix/index.js';

const obs = (reason: Observation['reason'], outcome: Observation['outcome'] = 'denied'): Observation => ({
  status: 403,
  outcome,
  reason,
  latencyMs: 1,
  attempts: 1,
  at: '2026-11-30T00:00:00.000Z',
});
const deny = (layer: Prediction['layer']): Prediction => ({
  decision: 'deny',
  detail: 'ExplicitDeny',
  layer,
  statements: [],
  explanation: [],
});
/** What attributeLayer must give: `layer`, taken from the wire (the answer) or the prediction. */
const from = (layerSource: 'wire' | 'prediction', layer: string) => ({ layer, layerSource });

describe('attributeLayer', () => {
  it('a layer the answer names is from the wire, whatever the prediction says', () => {
    expect(attributeLayer(obs('resource-policy'), deny('endpoint'))).toMatchObject(from('wire', 'resource'));
  });
  it('an answer naming a permissions boundary or a session policy is that layer, from the wire (issue 10)', () => {
    expect(attributeLayer(obs('permissions-boundary'), deny('identity'))).toMatchObject(
      from('wire', 'boundary'),
    );
    expect(attributeLayer(obs('session-policy'), deny('boundary'))).toMatchObject(from('wire', 'session'));
  });
  it('an SCP denial names its layer on the wire (since SCPs are a layer of the engine)', () => {
    expect(attributeLayer(obs('service-control-policy'), deny('identity'))).toMatchObject(
      from('wire', 'scp'),
    );
  });
  it('an answer that names none takes no layer from a prediction over copies the call did not go through (issue 10)', () => {
    const o = attributeLayer(obs('access-denied'), deny('resource'), [
      'the config\'s copy of the resource policy of "pay" (pay.json) is not what API Gateway (GetRestApi) gives',
    ]);
    expect(o.layer).toBeUndefined();
    expect(o.layerSource).toBeUndefined();
    // A layer the answer names needs no copy confirmed.
    expect(attributeLayer(obs('resource-policy'), deny('resource'), ['x'])).toMatchObject({
      layerSource: 'wire',
    });
  });
  it('an answer that names none takes the predicted deny layer, and says so', () => {
    expect(attributeLayer(obs('access-denied'), deny('identity'))).toMatchObject(
      from('prediction', 'identity'),
    );
  });
  it('nothing to attribute: no predicted deny, or not a denial, or not an IAM denial', () => {
    expect(attributeLayer(obs('access-denied'), null).layerSource).toBeUndefined();
    expect(attributeLayer(obs('integration', 'allowed'), deny('endpoint')).layer).toBeUndefined();
    expect(attributeLayer(obs('missing-auth'), deny('identity')).layer).toBeUndefined();
  });
  it('an older wording of the other kind of deny than the prediction’s takes no layer (issue 10)', () => {
    const head = 'User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:x';
    const said = (message: string) => ({ ...obs('access-denied'), message });
    const implicit = { ...deny('resource'), detail: 'ImplicitDeny' as const };
    expect(attributeLayer(said(head), deny('resource')).layer).toBeUndefined();
    expect(attributeLayer(said(`${head} with an explicit deny`), implicit).layer).toBeUndefined();
    expect(attributeLayer(said(`${head} with an explicit deny`), deny('resource'))).toMatchObject(
      from('prediction', 'resource'),
    );
    expect(attributeLayer(said(head), implicit)).toMatchObject(from('prediction', 'resource'));
  });
});
