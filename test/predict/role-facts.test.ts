// Issue 11 item 7: a config role's tags and role id reach the prediction (aws:PrincipalTag/*,
// aws:userid), and its ARN keeps its path in aws:PrincipalArn, offline as in the sandbox.
import { describe, expect, it } from 'vitest';
import { configSchema, type Config } from '../../src/config/config.js';
import { parseWorld } from '../../src/config/world.js';
import { demoWorld } from '../sandbox/helpers.js';
import { configuredRequest, rolePrincipal } from '../../src/predict/index.js';

const config: Config = {
  file: 'spokegate.config.yaml',
  dir: '.',
  ...configSchema.parse({
    region: 'us-west-2',
    endpoints: { hub: { id: 'vpce-0123456789abcdef0', account: '111111111111' } },
    roles: {
      AuditRole: {
        arn: 'arn:aws:iam::111111111111:role/audit/AuditRole',
        sessionName: 'auditor',
        tags: { team: 'security', tier: 'gold' },
        roleId: 'AROAEXAMPLEAUDIT12345',
      },
      Plain: { arn: 'arn:aws:iam::111111111111:role/Plain' },
    },
    apis: { orders: { id: 'a1b2c3d4e5', account: '222222222222', stage: 'prod' } },
    defaults: { endpoint: 'hub' },
  }),
};
const call = { api: 'orders', method: 'GET', path: '/orders' };

describe('a configured role as the policies see it', () => {
  it('carries its tags, role id and path', () => {
    const req = configuredRequest(config, rolePrincipal(config, 'AuditRole'), call);
    expect(req.context).toMatchObject({
      'aws:PrincipalTag/team': 'security',
      'aws:PrincipalTag/tier': 'gold',
      'aws:userid': 'AROAEXAMPLEAUDIT12345:auditor',
      'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/audit/AuditRole',
    });
  });
  it('a role without them carries no tags', () => {
    const req = configuredRequest(config, rolePrincipal(config, 'Plain'), call);
    expect(Object.keys(req.context).filter((k) => k.startsWith('aws:PrincipalTag/'))).toEqual([]);
  });
  it('the config refuses a role id that is not one', () => {
    const bad = configSchema.safeParse({
      ...config,
      roles: { X: { arn: 'arn:aws:iam::111111111111:role/X', roleId: 'not-an-id' } },
    });
    expect(bad.success).toBe(false);
  });
  // IAM User Guide, id_tags, "Case sensitivity": "Tag key values for IAM users and roles are not case
  // sensitive, but case is preserved. This means that you cannot have separate Department and
  // department tag keys." Both keys would reach the request as aws:PrincipalTag/…, whose name is
  // looked up without regard to case: which one a policy saw depended on the order of the map.
  it('the config refuses two tag keys of a role that differ only in case (no role can carry both)', () => {
    const { file: _f, dir: _d, ...input } = config;
    const bad = configSchema.safeParse({
      ...input,
      roles: { X: { arn: 'arn:aws:iam::111111111111:role/X', tags: { Team: 'payments', team: 'search' } } },
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ['roles', 'X', 'tags', 'team'] });
    expect(bad.error?.issues[0]?.message).toMatch(/"Team" and "team" differ only in case/);
  });
  it('so does the sandbox world', () => {
    const { file: _f, dir: _d, ...raw } = demoWorld();
    const world = JSON.parse(JSON.stringify(raw));
    const role = Object.values(world.roles)[0] as { tags?: Record<string, string> };
    role.tags = { Dept: 'a', DEPT: 'b' };
    expect(() => parseWorld(world, 'world.yaml')).toThrow(/world\.yaml.*tags\.DEPT.*differ only in case/s);
  });
});
