import { describe, expect, it } from 'vitest';
import { address, parseConnectTo, parseResolve, requestTarget, routeFor } from '../../src/gateway/index.js';
import { InputError } from '../../src/errors.js';

describe('--connect-to', () => {
  it('parses curl syntax, empty fields match any / keep', () => {
    expect(parseConnectTo('::127.0.0.1:8443')).toEqual({
      fromHost: '',
      fromPort: null,
      toHost: '127.0.0.1',
      toPort: 8443,
    });
    expect(parseConnectTo('a.example:443:[::1]:')).toEqual({
      fromHost: 'a.example',
      fromPort: 443,
      toHost: '::1',
      toPort: null,
    });
  });
  it.each(['127.0.0.1:8443', '::127.0.0.1:99999', 'a:b:c:d', ':::', '::[::1:8443', 'a b:443:x:1'])(
    'rejects %s',
    (s) => {
      expect(() => parseConnectTo(s)).toThrow(InputError);
      expect(() => parseConnectTo(s)).toThrow(/malformed --connect-to/);
    },
  );
  it('changes only where TCP goes, first match wins', () => {
    const rules = [parseConnectTo('x.example:443:10.0.0.1:1'), parseConnectTo('::127.0.0.1:8443')];
    expect(routeFor('api.example', 443, rules, [])).toEqual({ connectHost: '127.0.0.1', connectPort: 8443 });
    expect(routeFor('x.example', 443, rules, [])).toEqual({ connectHost: '10.0.0.1', connectPort: 1 });
    expect(routeFor('x.example', 8080, [parseConnectTo('x.example:443::9')], [])).toEqual({
      connectHost: 'x.example',
      connectPort: 8080,
    });
  });
});

describe('--resolve', () => {
  it('parses and applies to the host connected to', () => {
    const r = parseResolve('api.example:443:127.0.0.2');
    expect(r).toEqual({ host: 'api.example', port: 443, addresses: ['127.0.0.2'] });
    expect(routeFor('api.example', 443, [], [r])).toEqual({ connectHost: '127.0.0.2', connectPort: 443 });
    expect(routeFor('other.example', 443, [], [r])).toEqual({
      connectHost: 'other.example',
      connectPort: 443,
    });
    expect(parseResolve('*:443:[::1]').addresses).toEqual(['::1']);
  });
  it.each(['api.example:443', 'api.example:443:not-an-ip', 'api.example:x:127.0.0.1'])('rejects %s', (s) => {
    expect(() => parseResolve(s)).toThrow(/malformed --resolve/);
  });
});

describe('address()', () => {
  const api = { id: 'a1b2c3d4e5', region: 'us-west-2', stage: 'prod' };
  const ep = {
    id: 'vpce-0123456789abcdef0',
    dnsName: 'vpce-0123456789abcdef0-abc.execute-api.us-west-2.vpce.amazonaws.com',
  };
  it('puts the port into the Host (and so the signed host) only when it is not 443', () => {
    expect(address(api, ep, 'private-dns', 8443).hostHeader).toBe(
      'a1b2c3d4e5.execute-api.us-west-2.amazonaws.com:8443',
    );
    expect(address(api, ep, 'private-dns').hostHeader).toBe('a1b2c3d4e5.execute-api.us-west-2.amazonaws.com');
  });
  it('needs the endpoint id for alias', () => {
    expect(() => address(api, undefined, 'alias')).toThrow(/endpoint id/);
  });
});

describe('requestTarget()', () => {
  it('puts the stage in front and the query into SigV4 encoding', () => {
    expect(requestTarget('prod', '/orders')).toEqual({ path: '/prod/orders', query: '' });
    expect(requestTarget('prod', 'orders?b=2&a=x y')).toEqual({ path: '/prod/orders', query: 'b=2&a=x%20y' });
    expect(requestTarget('prod', '/')).toEqual({ path: '/prod/', query: '' });
    expect(requestTarget('prod', '/a%40b/é?q=1?2')).toEqual({ path: '/prod/a%40b/%C3%A9', query: 'q=1%3F2' });
  });
});
