// One page of a control-plane list, with an opaque continuation token (IAM Marker, EC2 NextToken,
// API Gateway position): base64 of the offset, so a token from one list is refused by no other
// check than "is it a token we issued".
export interface Page<T> {
  items: T[];
  /** The token for the next page; undefined on the last page. */
  next?: string;
}

export function encodeToken(offset: number): string {
  return Buffer.from(`sbx:${offset}`).toString('base64');
}

/** The offset a token stands for; undefined when it is not one the sandbox issued. */
export function decodeToken(token: string): number | undefined {
  const m = /^sbx:(\d{1,9})$/.exec(Buffer.from(token, 'base64').toString('utf8'));
  return m ? Number(m[1]) : undefined;
}

export function pageOf<T>(items: readonly T[], start: number, size: number): Page<T> {
  const page = items.slice(start, start + size);
  return start + size < items.length ? { items: page, next: encodeToken(start + size) } : { items: page };
}
