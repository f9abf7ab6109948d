// The sandbox's Query-protocol answers (STS, IAM, EC2) are XML written by fast-xml-builder (fast-xml-parser's builder):
// it escapes every text it is given, so a policy document, a name or a message is never spliced in raw.
import XMLBuilder from 'fast-xml-builder';

/** An element's content: text, a number or boolean, child elements, or a list of repeated ones. */
export type XmlContent = string | number | boolean | undefined | XmlElements | XmlElements[] | string[];
/** Child elements by name, in document order; an undefined one is left out, an array repeats its name. */
export interface XmlElements {
  [name: string]: XmlContent;
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: false,
});

/**
 * A response document `<ROOT xmlns="NS">…</ROOT>`; EC2 answers start with an XML declaration,
 * STS and IAM without one (as AWS answers).
 */
export function xmlDocument(
  root: string,
  ns: string | undefined,
  content: XmlElements,
  { declaration = false }: { declaration?: boolean } = {},
): string {
  const doc = { [root]: { ...(ns ? { '@xmlns': ns } : {}), ...content } };
  return `${declaration ? '<?xml version="1.0" encoding="UTF-8"?>\n' : ''}${builder.build(doc)}`;
}
