// The written forms of a path that reach the path's own route but whose resource ARN may hold them as
// written (docs/aws-behaviour.md §5c, §55): a Resource that names the path (exactly, or as the literal
// head of a pattern) does not see them in that reading. who-can and the reach proofs ask them.

/** Characters of a head percent-encoded one at a time: a bound on a long path's forms. */
const ENCODED_CHARACTERS = 64;

/**
 * `head` (a path without its leading slash, as a Resource names it past `METHOD/`) written other
 * ways that route as `head`, one change each: a trailing slash (only for an exact path: a pattern
 * `head*` matches it anyway), one or two empty segments after the stage (`//head`, `///head`), a `/`
 * doubled, one character percent-encoded (upper- and lower-case hex). Each maps to `head`. A Resource
 * that should see them all must match every one; the space keeps one per set the Resources match
 * alike, so their number costs no kinds of request. `few`: a trailing slash, `//head` and the first
 * character in upper-case hex only.
 */
export function pathTwins(head: string, exact: boolean, few = false): Map<string, string> {
  const out = new Map<string, string>();
  if (head === '' || head.startsWith('/')) return out;
  const add = (form: string) => {
    if (form !== head) out.set(form, head);
  };
  if (exact && !head.endsWith('/')) add(`${head}/`);
  add(`/${head}`);
  // `few`: each form is a region of its own (Resources with policy variables), so three, not all.
  const end = few ? 1 : Math.min(head.length, ENCODED_CHARACTERS);
  if (!few) add(`//${head}`);
  for (let i = 1; i < end; i++) if (head[i] === '/') add(`${head.slice(0, i)}/${head.slice(i)}`);
  // A `%` already in the path decodes otherwise: its head is left as it is.
  if (head.includes('%')) return out;
  for (let i = 0; i < end; i++) {
    const code = head.charCodeAt(i);
    // A pattern's wildcard stays one (globTwins): only its literal characters are written otherwise.
    if (head[i] === '/' || head[i] === '*' || head[i] === '?' || code <= 0x20 || code >= 0x7f) continue;
    const hex = code.toString(16).padStart(2, '0');
    for (const h of few ? [hex.toUpperCase()] : new Set([hex.toUpperCase(), hex.toLowerCase()]))
      add(`${head.slice(0, i)}%${h}${head.slice(i + 1)}`);
  }
  return out;
}

/**
 * A Resource pattern's path glob past `METHOD/` (`docs/*`, `docs/?/secret`) written other ways at its
 * literal characters, one change each as pathTwins makes them (a trailing slash where it ends with a
 * literal): patterns of paths that route as some path the glob matches, but that it may not match as
 * written. `GET //docs/7` or `GET /%64ocs/7` escape a Deny of `.../GET/docs/*` in that reading, as
 * `GET /docs/7/secret/` one of `.../GET/docs/?/secret`; the forms of its head alone (pathTwins) are
 * paths a route with a parameter after it does not serve, so the reach proofs passed over them.
 */
export function globTwins(glob: string, few = false): string[] {
  return [...pathTwins(glob, !/[*?/]$/.test(glob), few).keys()];
}

/** Whether a route value (`GET/entries/`, `GET//entries`, `GET/%65ntries`) is one of pathTwins' forms. */
export function isPathTwin(route: string): boolean {
  const path = route.slice(route.indexOf('/') + 1);
  return (
    (path.endsWith('/') && path.length > 1) ||
    path.startsWith('/') ||
    path.includes('//') ||
    /%[0-9A-Fa-f]{2}/.test(path)
  );
}
