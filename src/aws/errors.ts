// One line for an error the AWS SDK raised: its code and AWS's own message (never credentials: AWS
// messages name principals and resources, not keys).
export function awsErrorText(e: unknown): string {
  const err = e as { name?: string; Code?: string; message?: string };
  const code = err.name && err.name !== 'Error' ? err.name : err.Code;
  return `${code ? `${code}: ` : ''}${err.message ?? String(e)}`;
}
