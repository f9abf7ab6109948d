// Scanners for secrets in what a run leaves behind (its output, its report files), shared by the
// leak test (secrets.test.ts), the fault suite's report check and the attack runs' scoring.
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Text {
  name: string;
  text: string;
}

/** Every file under a folder (not following links), as text (binary files too: a secret is ASCII either way). */
export function filesUnder(dir: string): Text[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    const st = lstatSync(p);
    if (st.isDirectory()) return filesUnder(p);
    return st.isFile() ? [{ name: p, text: readFileSync(p, 'latin1') }] : [];
  });
}

/** The forms a secret may take in a file: raw, JSON-escaped, URL-encoded. */
function forms(secret: string): string[] {
  return [...new Set([secret, secret.replace(/\//g, '\\/'), encodeURIComponent(secret)])];
}

/** Which of the secrets appear in which texts. */
export function findSecrets(texts: Text[], secrets: string[]): string[] {
  const hits: string[] = [];
  for (const t of texts)
    for (const [i, s] of secrets.entries())
      if (s && forms(s).some((f) => t.text.includes(f))) hits.push(`${t.name}: secret #${i}`);
  return hits;
}

/** Session tokens (AWS's and the sandbox's start the same way) and 40-character secret keys. */
export const TOKEN_PREFIX = 'IQoJb3JpZ2luX2Vj';
const SECRET_SHAPE = /(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/])/g;
export function findSecretShapes(texts: Text[]): string[] {
  const hits: string[] = [];
  for (const t of texts) {
    if (t.text.includes(TOKEN_PREFIX)) hits.push(`${t.name}: a session token`);
    for (const m of t.text.matchAll(SECRET_SHAPE)) {
      const w = m[0];
      // Identifiers in bundled JavaScript are 40 letters too; a random key has digits or +/.
      if (/[0-9+/]/.test(w) && /[a-z]/.test(w) && /[A-Z]/.test(w)) hits.push(`${t.name}: "${w}"`);
    }
  }
  return hits;
}
