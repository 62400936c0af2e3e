// Builds the prompt the classic way: system instructions, (examples), (conversation so far), the question,
// numbered context passages with file and page, and the required output format. Fits a token budget by
// dropping the lowest-ranked passages first, and reports every section with its token count.
import { basename } from 'node:path';
import type { PromptReport, PromptSection, SearchHit } from '../../../shared/types';
import type { ChatTurn, ContextPassage } from '../types';
import type { Language } from './language';

export interface PromptTemplate {
  instructions: string;
  examples: string;
  format: string;
}

const INSTRUCTIONS_EN = `You answer questions about the user's own documents. Use only the numbered context passages below; do not use outside knowledge. Answer in {language}, the language of the question.`;

const INSTRUCTIONS_FR = `Tu réponds à des questions sur les documents de l'utilisateur. Utilise uniquement les passages de contexte numérotés ci-dessous, sans connaissances extérieures. Réponds en {language}, la langue de la question.`;

const FORMAT_EN = `Answer concisely. After each claim, cite the passage(s) that support it with their numbers in square brackets, like [1] or [2, 3]. Cite only numbers listed in the context. If the context does not contain the answer, say plainly that your documents do not contain it instead of guessing.`;

const FORMAT_FR = `Réponds de façon concise. Après chaque affirmation, cite le ou les passages qui l'appuient par leur numéro entre crochets, comme [1] ou [2, 3]. Ne cite que des numéros présents dans le contexte. Si le contexte ne contient pas la réponse, dis clairement que tes documents ne la contiennent pas au lieu de deviner.`;

/** The default template per language; the one used follows the question's language. */
export const DEFAULT_TEMPLATES: Readonly<Record<Language, PromptTemplate>> = {
  en: { instructions: INSTRUCTIONS_EN, examples: '', format: FORMAT_EN },
  fr: { instructions: INSTRUCTIONS_FR, examples: '', format: FORMAT_FR },
};

/** The settings' default. While it is left unchanged, French questions get DEFAULT_TEMPLATES.fr. */
export const DEFAULT_TEMPLATE: PromptTemplate = DEFAULT_TEMPLATES.en;

const LANGUAGE_NAMES: Record<Language, Record<Language, string>> = {
  en: { en: 'English', fr: 'French' },
  fr: { en: 'anglais', fr: 'français' },
};

const LABELS: Record<
  Language,
  { question: string; context: string; history: string; user: string; assistant: string; noContext: string }
> = {
  en: {
    question: 'Question',
    context: 'Context passages',
    history: 'Conversation so far',
    user: 'User',
    assistant: 'Assistant',
    noContext: '(no passage was found in the documents)',
  },
  fr: {
    question: 'Question',
    context: 'Passages de contexte',
    history: 'Conversation précédente',
    user: 'Utilisateur',
    assistant: 'Assistant',
    noContext: '(aucun passage trouvé dans les documents)',
  },
};

export interface BuildPromptInput {
  question: string;
  history: ChatTurn[];
  hits: SearchHit[]; // best first
  template: PromptTemplate;
  language: Language;
  /** Tokens the whole prompt (system + prompt) may use. */
  budgetTokens: number;
  countTokens: (text: string) => number;
}

export interface BuiltPrompt {
  system: string;
  prompt: string;
  passages: ContextPassage[];
  report: PromptReport;
}

/** History may take at most this share of the budget; older turns go first. */
const HISTORY_SHARE = 0.25;
/** A lone top passage is cut to fit rather than dropped, if at least this many tokens are left for it. */
const MIN_PASSAGE_TOKENS = 64;

function isDefaultTemplate(t: PromptTemplate): boolean {
  return Object.values(DEFAULT_TEMPLATES).some(
    (d) => d.instructions === t.instructions && d.examples === t.examples && d.format === t.format,
  );
}

export function resolveTemplate(template: PromptTemplate, language: Language): PromptTemplate {
  const t = isDefaultTemplate(template) ? DEFAULT_TEMPLATES[language] : template;
  const lang = LANGUAGE_NAMES[isDefaultTemplate(template) ? language : 'en'][language];
  const fill = (s: string) => s.replaceAll('{language}', lang);
  return { instructions: fill(t.instructions), examples: fill(t.examples), format: fill(t.format) };
}

/** "report.pdf, p. 3", "report.pdf, pp. 3–4", "notes.md › Setup › Linux" */
export function passageSource(p: {
  path: string;
  pageStart: number | null;
  pageEnd: number | null;
  pageLabel: string | null;
  headingPath?: string[];
}): string {
  let s = basename(p.path);
  if (p.pageStart !== null) {
    const first = p.pageLabel ?? String(p.pageStart);
    s += p.pageEnd !== null && p.pageEnd !== p.pageStart ? `, pp. ${first}–${p.pageEnd}` : `, p. ${first}`;
  }
  if (p.headingPath && p.headingPath.length > 0) s += ` › ${p.headingPath.join(' › ')}`;
  return s;
}

function passageBlock(n: number, hit: SearchHit, text: string): string {
  return `[${n}] ${passageSource(hit.chunk)}\n${text.trim()}`;
}

function historyText(turns: ChatTurn[], language: Language): string {
  const l = LABELS[language];
  return turns.map((t) => `${t.role === 'user' ? l.user : l.assistant}: ${t.text.trim()}`).join('\n');
}

/** Cuts text to about `tokens` tokens (by a proportional character cut, then refined). */
function truncateToTokens(text: string, tokens: number, countTokens: (t: string) => number): string {
  let cut = text;
  for (let i = 0; i < 8 && cut.length > 0 && countTokens(cut) > tokens; i++) {
    const ratio = tokens / Math.max(1, countTokens(cut));
    cut = cut.slice(0, Math.max(0, Math.floor(cut.length * ratio * 0.95)));
  }
  const lastSpace = cut.lastIndexOf(' ');
  return `${lastSpace > cut.length * 0.8 ? cut.slice(0, lastSpace) : cut}…`;
}

export function buildPrompt(input: BuildPromptInput): BuiltPrompt {
  const { countTokens, language } = input;
  const labels = LABELS[language];
  const t = resolveTemplate(input.template, language);
  const budget = Math.max(0, Math.floor(input.budgetTokens));

  const section = (name: PromptSection['name'], text: string): PromptSection => ({
    name,
    text,
    tokens: countTokens(text),
  });
  const instructions = section('instructions', t.instructions.trim());
  const examples = section('examples', t.examples.trim());
  const question = section('question', `${labels.question}: ${input.question.trim()}`);
  const format = section('format', t.format.trim());

  // History: keep the most recent turns that fit in their share of the budget.
  const turns = [...input.history];
  let history = section('history', turns.length ? `${labels.history}:\n${historyText(turns, language)}` : '');
  while (turns.length > 0 && history.tokens > budget * HISTORY_SHARE) {
    turns.shift();
    history = section('history', turns.length ? `${labels.history}:\n${historyText(turns, language)}` : '');
  }

  // Separators ("\n\n" between sections, "\n\n" between passages) cost about one token each.
  const fixed = [instructions, examples, history, question, format].filter((s) => s.text !== '');
  const fixedTokens = fixed.reduce((a, s) => a + s.tokens, 0) + fixed.length + countTokens(`${labels.context}:`) + 2;
  let left = budget - fixedTokens;

  const used: { hit: SearchHit; text: string; block: string }[] = [];
  const dropped: number[] = [];
  for (const hit of input.hits) {
    if (dropped.length > 0) {
      // Lowest-ranked go first: once one passage did not fit, every lower-ranked one is dropped too.
      dropped.push(hit.chunk.id);
      continue;
    }
    const block = passageBlock(used.length + 1, hit, hit.chunk.text);
    const cost = countTokens(block) + 1;
    if (cost <= left) {
      used.push({ hit, text: hit.chunk.text, block });
      left -= cost;
    } else if (used.length === 0 && left >= MIN_PASSAGE_TOKENS) {
      // Not even the best passage fits whole: a truncated best passage beats no context at all.
      const header = countTokens(passageBlock(1, hit, '')) + 2;
      const text = truncateToTokens(hit.chunk.text, left - header, countTokens);
      const cut = passageBlock(1, hit, text);
      used.push({ hit, text, block: cut });
      left -= countTokens(cut) + 1;
    } else {
      dropped.push(hit.chunk.id);
    }
  }

  const assemble = () => {
    const contextBody = used.length ? used.map((u) => u.block).join('\n\n') : labels.noContext;
    const context = section('context', `${labels.context}:\n${contextBody}`);
    const prompt = [examples, history, question, context, format]
      .filter((s) => s.text !== '')
      .map((s) => s.text)
      .join('\n\n');
    return { context, prompt, total: countTokens(instructions.text) + countTokens(prompt) };
  };
  let built = assemble();
  // The per-section sums above are estimates (tokens can merge across joins): check the real total.
  while (built.total > budget && used.length > 0) {
    dropped.unshift(used.pop()!.hit.chunk.id);
    built = assemble();
  }

  const passages: ContextPassage[] = used.map((u, i) => ({
    n: i + 1,
    chunkId: u.hit.chunk.id,
    documentId: u.hit.chunk.documentId,
    path: u.hit.chunk.path,
    pageStart: u.hit.chunk.pageStart,
    pageEnd: u.hit.chunk.pageEnd,
    pageLabel: u.hit.chunk.pageLabel,
    charStart: u.hit.chunk.charStart,
    charEnd: u.hit.chunk.charEnd,
    text: u.text,
    headingPath: u.hit.chunk.headingPath,
  }));

  return {
    system: instructions.text,
    prompt: built.prompt,
    passages,
    report: {
      sections: [instructions, examples, history, question, built.context, format],
      totalTokens: built.total,
      budgetTokens: budget,
      usedChunkIds: used.map((u) => u.hit.chunk.id),
      droppedChunkIds: dropped,
    },
  };
}
