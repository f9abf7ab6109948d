/** Thrown when a report would hold a secret. The message never repeats the secret. */
export class SecretLeakError extends Error {
  override name = 'SecretLeakError';
}

/** Secrets shorter than this are too short to search for without false alarms (and are not real keys). */
const MIN_SECRET_LENGTH = 8;

/**
 * Throws SecretLeakError when `text` contains any of `secrets` (secret access keys, session tokens).
 * Defensive: reporters only write non-secret fields, and this proves it before a file is written.
 */
export function assertNoSecrets(text: string, secrets: readonly string[], where = 'report'): void {
  secrets.forEach((secret, i) => {
    if (secret.length < MIN_SECRET_LENGTH) return;
    // JSON and the markup escapes could hide a token's '/' or '+' behind an escape; check those forms too.
    const forms = new Set([secret, JSON.stringify(secret).slice(1, -1), secret.replaceAll('/', '\\/')]);
    for (const f of forms) {
      if (text.includes(f)) {
        throw new SecretLeakError(`${where} would contain secret #${i + 1} (redacted); refusing to write it`);
      }
    }
  });
}
