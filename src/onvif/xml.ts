// XML reading for SOAP: validate first (the parser alone accepts truncated input), then a prefix-free tree with small typed accessors.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** A parsed element: child elements by local name, attributes as `@name`, text as `#text`. */
export type XmlNode = { [key: string]: XmlValue };
export type XmlValue = string | XmlNode | XmlValue[];

const parser = new XMLParser({
  // Devices disagree on prefixes (SOAP-ENV, s, env, soap...) and some use undeclared ones, so match local names only.
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  // Keep every value a string: tokens like "000123" or serials must not become numbers.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Decode &amp; and friends (snapshot URIs carry query strings).
  processEntities: true,
  htmlEntities: false,
});

export class XmlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

/** Parses a document; throws XmlSyntaxError for anything that is not well-formed XML (truncated, HTML soup, binary). */
export function parseXml(text: string): XmlNode {
  const trimmed = text.trim();
  if (!trimmed.startsWith('<')) throw new XmlSyntaxError('not XML: does not start with a tag');
  const result = XMLValidator.validate(trimmed);
  if (result !== true) {
    throw new XmlSyntaxError(`invalid XML at line ${result.err.line}: ${result.err.msg}`);
  }
  const tree: unknown = parser.parse(trimmed);
  if (!isNode(tree)) throw new XmlSyntaxError('empty XML document');
  return tree;
}

export function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first child element with this local name (a repeated element gives its first occurrence). */
export function child(node: XmlValue | undefined, name: string): XmlNode | undefined {
  const found = first(isNode(node) ? node[name] : undefined);
  if (found === undefined) return undefined;
  // An element with only text parses as a string; wrap it so callers can still ask for its text.
  return typeof found === 'string' ? { '#text': found } : isNode(found) ? found : undefined;
}

/** Every child element with this local name, in document order. */
export function children(node: XmlValue | undefined, name: string): XmlNode[] {
  if (!isNode(node)) return [];
  const raw = node[name];
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return list.map((item) => (typeof item === 'string' ? { '#text': item } : item)).filter(isNode);
}

/** Follows a path of local names from `node`. */
export function path(node: XmlValue | undefined, ...names: string[]): XmlNode | undefined {
  let current: XmlValue | undefined = node;
  for (const name of names) {
    current = child(current, name);
    if (current === undefined) return undefined;
  }
  return isNode(current) ? current : undefined;
}

/** The trimmed text of an element (empty elements give ''); undefined when the element is absent. */
export function text(node: XmlValue | undefined, ...names: string[]): string | undefined {
  const target = names.length > 0 ? path(node, ...names) : node;
  if (target === undefined) return undefined;
  if (typeof target === 'string') return target.trim();
  if (!isNode(target)) return undefined;
  const inner = target['#text'];
  return typeof inner === 'string' ? inner.trim() : '';
}

export function attr(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.[`@${name}`];
  return typeof value === 'string' ? value : undefined;
}

/** Parses an integer element; undefined when absent or not a number. */
export function int(node: XmlValue | undefined, ...names: string[]): number | undefined {
  const raw = text(node, ...names);
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

export function bool(node: XmlValue | undefined, ...names: string[]): boolean | undefined {
  const raw = text(node, ...names)?.toLowerCase();
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  return undefined;
}

/** Escapes text for an element body or an attribute value. */
export function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function first(value: XmlValue | undefined): XmlValue | undefined {
  return Array.isArray(value) ? value[0] : value;
}
