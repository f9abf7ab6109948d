// The members of a Query-protocol list parameter (`Name.member.N` or `Name.member.N.Field`), as STS
// reads its lists: SDKs number them from 1, but what STS does with a list that starts later or skips
// a number is not documented, so every member is read, in number order, whatever number it bears; a
// member read from 1 up to the first gap dropped the rest (`ProvidedContexts.member.2` alone was a
// session that ignored its context: attack run 18, docs/aws-behaviour.md §53).

/** Each member of list `name` (its fields by name; `''` for a member that is a plain value), in number order. */
export function queryMembers(params: Map<string, string>, name: string): Map<string, string>[] {
  const members = new Map<number, Map<string, string>>();
  const prefix = `${name}.member.`;
  for (const [k, v] of params) {
    if (!k.startsWith(prefix)) continue;
    const m = /^(\d{1,9})(?:\.(\w+))?$/.exec(k.slice(prefix.length));
    if (!m) continue;
    const n = Number(m[1]);
    const fields = members.get(n) ?? new Map<string, string>();
    fields.set(m[2] ?? '', v);
    members.set(n, fields);
  }
  return [...members].sort((a, b) => a[0] - b[0]).map(([, fields]) => fields);
}
