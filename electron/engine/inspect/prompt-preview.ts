// "What the model would see" for a question and a template, without generating: the settings page's
// live preview and the inspector's prompt view.
import type { MethodResult, Settings } from '../../../shared/api';
import { buildPrompt, type PromptTemplate } from '../answer/prompt';
import { detectLanguage } from '../answer/language';
import type { OpenLibrary } from '../library/open-library';
import { searchAnyBackend } from '../search';
import { countTokens } from '../tokens';

/** The budget shown for the offline extractive generator and as a sane default for remote models. */
const PREVIEW_BUDGET = 8192;

export async function previewPrompt(
  lib: OpenLibrary,
  settings: Settings,
  question: string,
  template?: PromptTemplate,
): Promise<MethodResult<'inspect.promptPreview'>> {
  const q = question.trim();
  const hits = q
    ? await searchAnyBackend(
        { store: lib.store, vectors: lib.vectors, embedder: lib.embedder },
        { query: q, k: settings.topK, mode: 'hybrid' },
      )
    : [];
  const fallback = settings.language === 'fr' ? 'fr' : 'en';
  const built = buildPrompt({
    question: q,
    history: [],
    hits,
    template: template ?? settings.promptTemplate,
    language: detectLanguage(q, fallback),
    budgetTokens: PREVIEW_BUDGET,
    countTokens,
  });
  return built.report;
}
