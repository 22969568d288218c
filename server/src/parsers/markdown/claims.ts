/**
 * Readiness claims in Markdown: checked checklist items (`- [x] Health checks`), list items marked
 * done (✅, "— done", ": oui"), plain list items in a readiness section ("## Production readiness",
 * "## Sécurité", a PRODUCTION.md…) and table rows marked ✅/✓/[x]/done/yes/oui/fait. Each names one
 * or more capabilities of the dictionary; anything else is not a claim (precision first).
 * Code blocks (fenced and indented), HTML comments and front matter are skipped. Line based and
 * tolerant: it never throws, whatever the text.
 */
import type { Range } from '../../core/types';
import { LineIndex } from '../../workspace/line-index';
import { capabilitiesIn, normalise } from './dictionary';

export type Quantifier = 'universal' | 'existential' | 'generic';

export interface MarkdownClaim {
  /** The claim as written: no list marker, checkbox or status mark. */
  text: string;
  /** Range of `text` (0-based). */
  range: Range;
  /** Capability ids, in order of appearance ("Resource limits and restart policies" names two). */
  capabilities: string[];
  /** "all services"/"tous" → universal; "some"/"we have"/"at least" → existential; else generic. */
  quantifier: Quantifier;
  form: 'checklist' | 'list' | 'table';
  /** Normalised text of the whole item or row, for capability-specific qualifiers ("with Redis"). */
  plain: string;
}

const L = '[\\p{L}\\p{N}]';
const w = (...alts: string[]) => new RegExp(`(?<!${L})(?:${alts.join('|')})(?!${L})`, 'u');

const DONE = '✅|✔️?|✓|☑️?|🟢|:white_check_mark:|:heavy_check_mark:|:ballot_box_with_check:';
const POSITIVE_MARK = new RegExp(`^(?:${DONE}|\\[[xX]\\])`, 'u');
const POSITIVE_TAIL = new RegExp(`(?:${DONE})$`, 'u');
const NEGATIVE_MARK = /(?:❌|✗|✘|✖️?|⛔|🚫|⚠️?|🚧|⏳|🔜|🔴|🟥|🟠|🟡|\[ \]|:x:|:warning:|:construction:|:no_entry:|:red_circle:)/u;
/** A table cell or a "Key: value" value that says done. */
const POSITIVE_VALUE = w('done', 'yes', 'ok', 'oui', 'fait', 'termine', 'enabled', 'active', 'in place', 'en place', 'implemented', 'implemente', 'complete', 'completed', 'true');
/** Words that make an item a plan, a gap or a denial rather than a claim. */
const NEGATIVE_WORDS = w(
  'todo', 'to do', 'tbd', 'wip', 'pending', 'planned', 'not yet', 'in progress', 'coming soon', 'soon', 'later', 'missing', 'none', 'n/a',
  'no', 'not', 'never', 'without', 'lacks?', 'disabled',
  'a faire', 'en cours', 'prevue?s?', 'pas encore', 'bientot', 'manquante?s?', 'aucune?', 'pas', 'non', 'sans', 'jamais', 'desactivee?s?',
);
const UNIVERSAL = w('all', 'every', 'each', 'everywhere', 'entire', '100 ?%', 'tou(?:te)?s', 'chaque', 'partout', 'l\'ensemble (?:des|de)');
const EXISTENTIAL = w('some', 'several', 'most', 'main', 'at least', 'where (?:needed|relevant|applicable|possible)', 'partial(?:ly)?', 'we have', 'there (?:are|is)', 'selected', 'certaine?s', 'quelques', 'plusieurs', 'la plupart', 'principaux', 'principales', 'au moins', 'partiel(?:le)?(?:ment)?', 'nous avons', 'il y a');
/** First words of a task, not of a claim: "Add rate limiting", "Mettre en place les sondes". */
const IMPERATIVE = /^(?:add|implement|set ?up|setup|configure|enable|introduce|create|write|migrate|move|switch|consider|investigate|evaluate|ajouter|implementer|mettre en place|configurer|activer|creer|ecrire|migrer|passer|prevoir|envisager)\b/;
/** Sections whose items are plans, gaps or advice. */
const NEGATIVE_HEADING = w('notes?', 'considerations', 'recommendations?', 'guidelines', 'tips', 'best practices', 'how ?to', 'faq', 'troubleshooting', 'guides?', 'conseils', 'recommandations', 'bonnes pratiques', 'todo', 'to do', 'roadmap', 'next steps?', 'planned', 'backlog', 'known (?:issues|limitations)', 'limitations', 'not yet', 'missing', 'wish ?list', 'ideas', 'future(?: work)?', 'out of scope', 'non[- ]goals', 'a faire', 'reste a faire', 'prochaines? etapes?', 'feuille de route', 'problemes connus', 'a venir', 'hors perimetre');
/** Sections that list what the project has, at any heading level. */
const STRONG_HEADING = w('production[- ]ready', 'prod[- ]ready', 'production readiness', 'readiness checklist', 'check[- ]?list', 'go[- ]live', 'launch', 'mise en production', 'pret pour la production', 'done', 'fait', 'termine');
/** Weaker section names, trusted below the document title only. */
const WEAK_HEADING = w('readiness', 'production', 'features?', 'security', 'operations', 'ops', 'devops', 'deployment', 'deploy', 'infrastructure', 'infra', 'observability', 'reliability', 'hardening', 'status', 'what\'?s included', 'quality', 'fonctionnalites', 'securite', 'exploitation', 'deploiement', 'observabilite', 'fiabilite', 'durcissement', 'etat', 'statut', 'qualite');
/** Documents whose every list is a readiness list. */
const READINESS_FILE = /(?:^|\/)(?:production|prod[-_]?ready|readiness|checklist|check[-_]list|security|securite|operations|deployment|go[-_]?live|launch)[\w.-]*\.(?:md|markdown)$/i;

const MAX_WORDS_PLAIN = 16;
const MAX_WORDS_MARKED = 30;
const SHORT_WORDS = 4;

interface Heading {
  level: number;
  plain: string;
}

/** Blanks out HTML comments (keeping offsets and line breaks), even across lines. */
function maskComments(text: string): string {
  return text.replace(/<!--[\s\S]*?(?:-->|$)/g, (c) => c.replace(/[^\r\n]/g, ' '));
}

/** Text of an item as a reader sees it: no emphasis, links reduced to their text, no bare URLs. */
function plainOf(raw: string): string {
  return normalise(
    raw
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\bhttps?:\/\/\S+/g, ' ')
      .replace(/(\*\*|__|\*|_(?=\S)|(?<=\S)_|`)/g, ''),
  );
}

function wordCount(plain: string): number {
  return plain.split(/\s+/).filter((t) => /[\p{L}\p{N}]/u.test(t)).length;
}

/** The text with the matched capability phrases removed, where negation words must not be found. */
function outside(plain: string, spans: { start: number; end: number }[]): string {
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += plain.slice(at, s.start) + ' ';
    at = Math.max(at, s.end);
  }
  return out + plain.slice(at);
}

function quantifierOf(plain: string): Quantifier {
  if (UNIVERSAL.test(plain)) return 'universal';
  if (EXISTENTIAL.test(plain)) return 'existential';
  return 'generic';
}

interface Candidate {
  raw: string;
  start: number;
  end: number;
  form: MarkdownClaim['form'];
  /** Checked box or positive mark: the author says it is done. */
  marked: boolean;
  /** Whole item/row text (normalised) for quantifiers and qualifiers. */
  context: string;
}

/** Trims whitespace and leading/trailing status marks off [start, end) of `line`. */
function trimSpan(line: string, start: number, end: number): { start: number; end: number; marked: boolean; negative: boolean } {
  let marked = false;
  let negative = false;
  for (;;) {
    while (start < end && /\s/.test(line[start])) start++;
    while (end > start && /\s/.test(line[end - 1])) end--;
    const head = POSITIVE_MARK.exec(line.slice(start, end));
    if (head) {
      marked = true;
      start += head[0].length;
      continue;
    }
    const tail = POSITIVE_TAIL.exec(line.slice(start, end));
    if (tail) {
      marked = true;
      end -= tail[0].length;
      continue;
    }
    // "— done", "(done)", ": yes" at the end of an item.
    const doneTail = /\s*(?:[-–—:(]\s*)(?:done|fait|ok|yes|oui)\)?$/i.exec(line.slice(start, end));
    if (doneTail && end - doneTail[0].length > start) {
      marked = true;
      end -= doneTail[0].length;
      continue;
    }
    break;
  }
  if (NEGATIVE_MARK.test(line.slice(start, end))) negative = true;
  return { start, end, marked, negative };
}

/** Cells of a table row: [start, end) offsets in the line, escaped pipes kept inside cells. */
function cellsOf(line: string): { start: number; end: number }[] {
  const cells: { start: number; end: number }[] = [];
  let start = 0;
  for (let i = 0; i <= line.length; i++) {
    if (i === line.length || (line[i] === '|' && line[i - 1] !== '\\')) {
      cells.push({ start, end: i });
      start = i + 1;
    }
  }
  // Leading and trailing pipes leave empty edge cells.
  if (cells.length && line.slice(cells[0].start, cells[0].end).trim() === '') cells.shift();
  if (cells.length && line.slice(cells[cells.length - 1].start, cells[cells.length - 1].end).trim() === '') cells.pop();
  return cells;
}

const TABLE_DELIMITER = /^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$/;
const LIST_ITEM = /^(\s*)(?:[-*+]|\d{1,9}[.)])\s+(?:\[([ xX])\]\s+)?/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

function tableCandidates(line: string, offset: number): Candidate[] {
  const cells = cellsOf(line).map((c) => ({ ...c, ...trimSpan(line, c.start, c.end) }));
  let positive = false;
  for (const c of cells) {
    const plain = plainOf(line.slice(c.start, c.end));
    if (c.negative) return [];
    // A short status cell saying "no"/"planned"/"à faire" (a capability's own words are not a status).
    if (!c.marked && plain.split(' ').length <= 3 && NEGATIVE_WORDS.test(plain) && capabilitiesIn(plain, true).length === 0) return [];
    if (c.marked || (plain.split(' ').length <= 3 && POSITIVE_VALUE.test(plain))) positive = true;
  }
  if (!positive) return [];
  const context = plainOf(cells.map((c) => line.slice(c.start, c.end)).join(' '));
  const out: Candidate[] = [];
  for (const c of cells) {
    const raw = line.slice(c.start, c.end);
    const plain = plainOf(raw);
    if (!plain || (POSITIVE_VALUE.test(plain) && plain.split(' ').length <= 3)) continue;
    out.push({ raw, start: offset + c.start, end: offset + c.end, form: 'table', marked: true, context });
    // The first cell that names a capability is the claim; the others are details.
    if (capabilitiesIn(plain, wordCount(plain) <= SHORT_WORDS).length) break;
  }
  return out;
}

export function extractClaims(path: string, source: string): MarkdownClaim[] {
  const text = maskComments(source);
  const lines = new LineIndex(text);
  const readinessFile = READINESS_FILE.test(path);
  const headings: Heading[] = [];
  const claims: MarkdownClaim[] = [];
  let fence: string | undefined;
  let inList = false;
  let previousBlank = true;
  let tableOpen = false;
  let line = 0;

  // Front matter: `---` (YAML) or `+++` (TOML) on the first line, up to its closing line.
  const first = lines.lineText(0).trim();
  if (first === '---' || first === '+++') {
    for (let l = 1; l < lines.lineCount; l++) {
      const t = lines.lineText(l).trim();
      if (t === first || (first === '---' && t === '...')) {
        line = l + 1;
        break;
      }
    }
  }

  for (; line < lines.lineCount; line++) {
    const content = lines.lineText(line);
    const offset = lines.lineStart(line);
    const blank = content.trim() === '';
    const fenceMatch = FENCE.exec(content);
    if (fence) {
      if (fenceMatch && fenceMatch[1][0] === fence[0] && fenceMatch[1].length >= fence.length && content.trim() === fenceMatch[1]) fence = undefined;
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1];
      continue;
    }
    // An indented code block starts after a blank line outside a list.
    if (!inList && previousBlank && /^( {4}|\t)/.test(content) && !blank) {
      continue;
    }
    previousBlank = blank;
    if (blank) {
      tableOpen = false;
      continue;
    }

    const heading = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(content);
    const setext = /^ {0,3}(=+|-+)\s*$/.exec(content);
    if (heading || (setext && line > 0 && !inList && lines.lineText(line - 1).trim() !== '' && !LIST_ITEM.test(lines.lineText(line - 1)))) {
      const level = heading ? heading[1].length : setext![1][0] === '=' ? 1 : 2;
      const title = heading ? heading[2] : lines.lineText(line - 1);
      while (headings.length && headings[headings.length - 1].level >= level) headings.pop();
      headings.push({ level, plain: plainOf(title) });
      inList = false;
      tableOpen = false;
      continue;
    }

    const candidates: Candidate[] = [];
    const item = LIST_ITEM.exec(content);
    if (item) {
      inList = true;
      if (item[2] === ' ') continue; // an unchecked box is a plan, not a claim
      const span = trimSpan(content, item[0].length, content.length);
      if (span.negative) continue;
      const raw = content.slice(span.start, span.end);
      candidates.push({ raw, start: offset + span.start, end: offset + span.end, form: item[2] ? 'checklist' : 'list', marked: !!item[2] || span.marked, context: plainOf(raw) });
    } else if (content.includes('|')) {
      if (TABLE_DELIMITER.test(content)) {
        tableOpen = true;
        continue;
      }
      if (tableOpen) candidates.push(...tableCandidates(content, offset));
      inList = false;
    } else if (!/^\s/.test(content)) {
      inList = false;
    }

    for (const c of candidates) {
      const claim = toClaim(c, headings, readinessFile, lines);
      if (claim) claims.push(claim);
    }
  }
  return claims;
}

function inReadinessSection(headings: readonly Heading[], readinessFile: boolean): 'yes' | 'no' | 'negative' {
  // A level-1 heading is the document's title: it names the project (badges, "style guide"…), not a section's purpose.
  if (headings.some((h) => h.level > 1 && NEGATIVE_HEADING.test(h.plain))) return 'negative';
  if (readinessFile) return 'yes';
  return headings.some((h) => STRONG_HEADING.test(h.plain) || (h.level > 1 && WEAK_HEADING.test(h.plain))) ? 'yes' : 'no';
}

/**
 * "Health checks: sur tous les services" names its capability in the key; "Observability: Prometheus,
 * Sentry" in a short value. A key followed by a sentence ("Authentication: credentials are sent… over
 * TLS") is a description, not a claim about TLS.
 */
function capabilitiesOf(plain: string, count: number): { id: string; start: number; end: number }[] {
  const kv = /^([^:]{1,60}?):\s+(.+)$/.exec(plain);
  if (kv && wordCount(kv[1]) <= 5) {
    const inKey = capabilitiesIn(kv[1], true);
    if (inKey.length) return inKey;
    const value = wordCount(kv[2]);
    return value <= 8 ? capabilitiesIn(kv[2], value <= SHORT_WORDS).map((f) => ({ id: f.id, start: f.start + kv[0].length - kv[2].length, end: f.end + kv[0].length - kv[2].length })) : [];
  }
  return capabilitiesIn(plain, count <= SHORT_WORDS);
}

function toClaim(c: Candidate, headings: readonly Heading[], readinessFile: boolean, lines: LineIndex): MarkdownClaim | undefined {
  const plain = plainOf(c.raw);
  if (!plain || /~~/.test(c.raw)) return undefined;
  const count = wordCount(plain);
  if (count > (c.marked ? MAX_WORDS_MARKED : MAX_WORDS_PLAIN)) return undefined;
  const found = capabilitiesOf(plain, count);
  if (found.length === 0) return undefined;
  const section = inReadinessSection(headings, readinessFile);
  if (!c.marked) {
    // A bare list item is a claim only in a readiness section, and only when it states rather than asks or plans.
    if (section !== 'yes' || plain.endsWith('?') || IMPERATIVE.test(plain)) return undefined;
  }
  // "Health checks: non", "No rate limiting yet", "Sentry (planned)": not a claim.
  const rest = outside(plain, found);
  if (NEGATIVE_WORDS.test(rest)) return undefined;
  const range = lines.rangeAt(c.start, c.end);
  return {
    text: c.raw.trim(),
    range,
    capabilities: found.map((f) => f.id),
    quantifier: quantifierOf(c.form === 'table' ? c.context : plain),
    form: c.form,
    plain: c.context,
  };
}
