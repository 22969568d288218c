/**
 * A cheap, conservative pre-scan of YAML nesting depth. The `yaml` composer recurses once per level;
 * on a hostile file (10,000 nested `[` or `- - - …`) it hits the JS stack limit, and although the
 * library catches that RangeError, the *next* parse in the same process then dies in V8 (fatal OOM
 * while compiling a RegExp, measured on Node 20). A language server cannot afford that, so files
 * deeper than MAX_DEPTH are parsed only up to the line where the limit is crossed.
 */

/** Real compose/CI files stay under 20 levels; 128 keeps the composer far from the stack limit (~780). */
export const MAX_DEPTH = 128;

/** A line whose value is only a block scalar indicator: `key: |`, `key: &a >-`, `|2` (after `- `). */
const BLOCK_SCALAR_HEADER = /^(?:(?:"[^"]*"|'[^']*'|[^\s#'"][^#]*?)\s*:\s+)?(?:[!&]\S*\s+)*[|>][1-9+-]{0,2}\s*(?:#.*)?$/;

/**
 * Offset of the start of the first line whose nesting (indentation levels + `- ` entries + open flow
 * brackets) exceeds `max`, or -1 when the whole text is within bounds. Overestimates are possible on
 * odd plain scalars; underestimates would need brackets hidden from the scanner, which YAML forbids.
 */
export function firstTooDeepLine(text: string, max = MAX_DEPTH): number {
  const indents: number[] = [];
  let flow = 0;
  let quote: '"' | "'" | '' = '';
  let blockScalarParent = -1;
  let lineStart = 0;
  const n = text.length;
  while (lineStart <= n) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = n;
    let i = lineStart;
    let blockDepth = indents.length;
    if (!quote) {
      while (i < lineEnd && text.charCodeAt(i) === 32) i++;
      const indent = i - lineStart;
      const c = text[i];
      const blank = i >= lineEnd || c === '\r' || c === '#';
      if (blockScalarParent >= 0) {
        if (blank || indent > blockScalarParent) {
          lineStart = lineEnd + 1;
          continue;
        }
        blockScalarParent = -1;
      }
      if (blank) {
        lineStart = lineEnd + 1;
        continue;
      }
      // Indentation is counted inside flow collections too (double counting pretty-printed JSON is
      // harmless), so that a stray `[` cannot hide block nesting from the scan.
      while (indents.length && indents[indents.length - 1] >= indent) indents.pop();
      indents.push(indent);
      blockDepth = indents.length;
      if (flow === 0) {
        // Compact nested sequences (`- - - x`) add one level per dash on the same line.
        while (text[i] === '-' && (text[i + 1] === ' ' || i + 1 >= lineEnd || text[i + 1] === '\r')) {
          blockDepth++;
          i += 2;
          while (i < lineEnd && text.charCodeAt(i) === 32) i++;
        }
        const content = text.slice(i, lineEnd);
        if (content.length < 512 && BLOCK_SCALAR_HEADER.test(content.trimEnd())) blockScalarParent = indent;
      }
      if (blockDepth + flow > max) return lineStart;
    }
    // Characters: flow brackets and quoted scalars (which may span lines). A bracket or quote opens a
    // node only where a node may start: first on the line, after `: `, `- `, `? `, and, inside a flow
    // collection, after `[`, `{`, `,` or `:`; elsewhere it is part of a plain scalar (`echo [a]`).
    let lastSig = '';
    let spaced = true;
    for (; i < lineEnd; i++) {
      const c = text[i];
      if (quote) {
        if (quote === '"' && c === '\\') i++;
        else if (c === quote) {
          if (quote === "'" && text[i + 1] === "'") i++;
          else {
            quote = '';
            lastSig = 'x';
            spaced = false;
          }
        }
        continue;
      }
      if (c === ' ' || c === '\t' || c === '\r') {
        spaced = true;
        continue;
      }
      if (c === '#' && spaced) break;
      const nodeStart =
        lastSig === '' ||
        ((lastSig === '-' || lastSig === '?' || lastSig === ':') && spaced) ||
        (flow > 0 && (lastSig === '[' || lastSig === '{' || lastSig === ',' || lastSig === ':'));
      if ((c === '"' || c === "'") && nodeStart) quote = c;
      else if ((c === '[' || c === '{') && (flow > 0 || nodeStart)) {
        flow++;
        if (blockDepth + flow > max) return lineStart;
      } else if ((c === ']' || c === '}') && flow > 0) flow--;
      lastSig = c === ':' || c === '-' || c === '?' || c === ',' || c === '[' || c === '{' ? c : 'x';
      spaced = false;
    }
    lineStart = lineEnd + 1;
  }
  return -1;
}
