// A small element tree over htmlparser2's XML mode, shared by the office-format parsers (PowerPoint, Excel
// packages, OpenDocument, EPUB package files). Elements are matched by local name, whatever namespace
// prefix the producer chose ("text:p", "a:t", "dc:title"), as docx.ts does for WordprocessingML.
import { Parser } from 'htmlparser2';

export interface XmlElement {
  /** Qualified name as written ("text:p"). */
  name: string;
  /** Name without its prefix ("p"). */
  local: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}

/** An element, or the text between elements (entities decoded). */
export type XmlNode = XmlElement | string;

export function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

/** Parses `xml` into a tree under a synthetic '#document' element (comments and PIs dropped). */
export function parseXml(xml: string): XmlElement {
  const root: XmlElement = { name: '#document', local: '#document', attrs: {}, children: [] };
  const stack: XmlElement[] = [root];
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const element: XmlElement = { name, local: localName(name), attrs, children: [] };
        stack[stack.length - 1].children.push(element);
        stack.push(element);
      },
      ontext(text) {
        const children = stack[stack.length - 1].children;
        const last = children.length - 1;
        // htmlparser2 may deliver one text node in several pieces: keep them as one.
        if (typeof children[last] === 'string') children[last] += text;
        else children.push(text);
      },
      onclosetag() {
        if (stack.length > 1) stack.pop();
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  parser.end();
  return root;
}

export function isElement(node: XmlNode): node is XmlElement {
  return typeof node !== 'string';
}

/** An attribute by local name, whatever its prefix ("r:id", "text:outline-level"). */
export function attr(element: XmlElement, local: string): string | undefined {
  if (local in element.attrs) return element.attrs[local];
  for (const [name, value] of Object.entries(element.attrs)) if (localName(name) === local) return value;
  return undefined;
}

/** An attribute written with a namespace prefix ("r:id"), where an unprefixed one of the same name differs. */
export function prefixedAttr(element: XmlElement, local: string): string | undefined {
  for (const [name, value] of Object.entries(element.attrs)) {
    if (name.includes(':') && localName(name) === local) return value;
  }
  return undefined;
}

/** Child elements, optionally only those with one of the given local names. */
export function childElements(element: XmlElement, ...locals: string[]): XmlElement[] {
  return element.children.filter(
    (node): node is XmlElement => isElement(node) && (locals.length === 0 || locals.includes(node.local)),
  );
}

export function firstChild(element: XmlElement, local: string): XmlElement | undefined {
  return childElements(element, local)[0];
}

/** Descendant elements with this local name, in document order (not looking inside a match). */
export function descendants(element: XmlElement, local: string): XmlElement[] {
  const out: XmlElement[] = [];
  const visit = (node: XmlElement) => {
    for (const child of node.children) {
      if (!isElement(child)) continue;
      if (child.local === local) out.push(child);
      else visit(child);
    }
  };
  visit(element);
  return out;
}

/** The first descendant with this local name, depth first. */
export function findFirst(element: XmlElement, local: string): XmlElement | undefined {
  for (const child of element.children) {
    if (!isElement(child)) continue;
    if (child.local === local) return child;
    const found = findFirst(child, local);
    if (found) return found;
  }
  return undefined;
}

/** The document element of a parsed tree (the first element under '#document'). */
export function rootElement(doc: XmlElement): XmlElement | undefined {
  return childElements(doc)[0];
}

/** All text under an element, in document order. */
export function textContent(element: XmlElement): string {
  return element.children.map((node) => (isElement(node) ? textContent(node) : node)).join('');
}
