// One escaper for text put into a RegExp source: the policy engine's wildcards, the analysis's
// templates and globs, the sandbox's EC2 filters and SigV4a's region sets all build their patterns
// from it, so no copy forgets a special character.

const REGEX_SPECIAL = /[.*?+^${}()|[\]\\/-]/g;

/** `s` as a RegExp source matching itself (no `u` or `v` flag: `\-` and `\/` are plain escapes there). */
export function escapeRegex(s: string): string {
  return s.replace(REGEX_SPECIAL, '\\$&');
}

/** A glob (`*` any run, `?` any one character, all else itself) as a RegExp source: `star` and `one` stand for them. */
export function globSource(glob: string, star: string, one: string): string {
  return escapeRegex(glob).replace(/\\([*?])/g, (_, c: string) => (c === '*' ? star : one));
}
