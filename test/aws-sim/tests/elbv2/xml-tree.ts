/**
 * Reads a query-protocol XML document into plain values for shape comparison (reference/shape.ts):
 * an element whose children are all `member` is an array, an element with children an object,
 * any other element its text. An empty element reads as an empty array (an empty list is the
 * only empty element the compared answers hold).
 */
interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}

export function parseXml(xml: string): Record<string, unknown> {
  const body = xml.replace(/<\?xml[^>]*\?>/, '').replace(/<!--[\s\S]*?-->/g, '');
  const root: XmlNode = { name: '#root', children: [], text: '' };
  const stack = [root];
  for (const token of body.match(/<[^>]+>|[^<]+/g) ?? []) {
    const top = stack[stack.length - 1];
    if (token.startsWith('</')) stack.pop();
    else if (token.startsWith('<')) {
      const node: XmlNode = { name: token.slice(1).split(/[\s/>]/)[0], children: [], text: '' };
      top.children.push(node);
      if (!token.endsWith('/>')) stack.push(node);
    } else top.text += token;
  }
  return { [root.children[0].name]: valueOf(root.children[0]) };
}

function valueOf(node: XmlNode): unknown {
  if (!node.children.length) return node.text.trim() === '' ? [] : decode(node.text);
  if (node.children.every((c) => c.name === 'member')) return node.children.map(valueOf);
  return Object.fromEntries(node.children.map((c) => [c.name, valueOf(c)]));
}

const decode = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
