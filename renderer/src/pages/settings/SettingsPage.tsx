// Settings, saved as soon as they change ('settings.set'); the engine echoes them back through
// 'settings.changed' so every window agrees. Sections: general, model and privacy, indexing, text
// recognition (OCR), search, prompt template, about.
import { useEffect, useRef, useState } from 'react';
import type { Settings } from '../../../../shared/api';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { Field, Segmented, Switch } from '../../components/Controls';
import { Icon, type IconName } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { useToast } from '../../components/Toasts';
import { useAppState } from '../../hooks/useAppState';
import { type MessageKey, useI18n } from '../../i18n';
import { errorMessage } from '../../lib/errors';
import { ApiKeyField } from './ApiKeyField';
import { LocalModelsSection } from './LocalModelsSection';
import { OcrSettings } from './OcrSettings';
import { PromptTemplateEditor } from './PromptTemplateEditor';
import { ProviderChoice } from './ProviderChoice';
import { ListSetting, NumberSetting, TextSetting } from './SettingFields';
import { ShortcutField } from './ShortcutField';

/** `nav`: a shorter name for the side navigation, where the heading would wrap. */
const SECTIONS: { id: string; label: MessageKey; nav?: MessageKey; icon: IconName }[] = [
  { id: 'general', label: 'settings.section.general', icon: 'settings' },
  { id: 'model', label: 'settings.section.model', icon: 'cloud' },
  { id: 'indexing', label: 'settings.section.indexing', icon: 'layers' },
  { id: 'ocr', label: 'settings.section.ocr', nav: 'settings.nav.ocr', icon: 'eye' },
  { id: 'search', label: 'settings.section.search', icon: 'search' },
  { id: 'prompt', label: 'settings.section.prompt', icon: 'fileText' },
  { id: 'about', label: 'settings.section.about', icon: 'info' },
];

export function SettingsPage({ section }: { section: string | null }) {
  const { t, fmt } = useI18n();
  const toast = useToast();
  const { settings, info, updateSettings } = useAppState();
  const [chunkingChanged, setChunkingChanged] = useState(false);
  const [reindexing, setReindexing] = useState(false);
  const body = useRef<HTMLDivElement>(null);

  useEffect(() => {
    // Scroll only the settings body: scrollIntoView would also scroll the app shell out of place.
    const el = section ? document.getElementById(`settings-${section}`) : null;
    const box = body.current;
    if (!el || !box) return;
    const top = el.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
    box.scrollTo({ top: Math.max(0, top - 12) });
  }, [section]);

  const save = async (patch: Partial<Settings>): Promise<boolean> => {
    try {
      await updateSettings(patch);
      return true;
    } catch (err) {
      toast.push('error', t('settings.saveFailed', { reason: errorMessage(err) }));
      return false;
    }
  };

  const reindex = async () => {
    setReindexing(true);
    try {
      await api.call('library.reindexAll', {});
      setChunkingChanged(false);
      toast.push('info', t('settings.reindexStarted'));
    } catch (err) {
      toast.push('error', errorMessage(err));
    } finally {
      setReindexing(false);
    }
  };

  const geminiBlocked = settings.localOnly;

  return (
    <div className="page settings-page">
      <PageHeader title={t('nav.settings')} />
      <div className="settings-layout">
        <nav className="settings-nav" aria-label={t('settings.sectionsLabel')}>
          <ul>
            {SECTIONS.map((s) => (
              <li key={s.id}>
                <a href={`#/settings/${s.id}`} className={`settings-nav-item${section === s.id ? ' is-current' : ''}`}>
                  <Icon name={s.icon} />
                  {t(s.nav ?? s.label)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="settings-body" ref={body}>
          <section id="settings-general" className="settings-section" aria-labelledby="h-general">
            <h2 id="h-general">{t('settings.section.general')}</h2>
            <Field label={t('settings.language')} hint={t('settings.languageHint', { os: info.osLanguage || '—' })}>
              {() => (
                <Segmented
                  label={t('settings.language')}
                  value={settings.language}
                  onChange={(language) => void save({ language })}
                  options={[
                    { value: 'system', label: t('settings.system'), icon: 'monitor' },
                    { value: 'fr', label: 'Français' },
                    { value: 'en', label: 'English' },
                  ]}
                />
              )}
            </Field>
            <Field label={t('settings.theme')}>
              {() => (
                <Segmented
                  label={t('settings.theme')}
                  value={settings.theme}
                  onChange={(theme) => void save({ theme })}
                  options={[
                    { value: 'system', label: t('settings.system'), icon: 'monitor' },
                    { value: 'light', label: t('settings.light'), icon: 'sun' },
                    { value: 'dark', label: t('settings.dark'), icon: 'moon' },
                  ]}
                />
              )}
            </Field>
            <Field
              label={t('settings.shortcut')}
              hint={info.host === 'browser' ? t('settings.shortcutBrowser') : t('settings.shortcutHint')}
            >
              {(id, describedBy) => (
                <ShortcutField
                  id={id}
                  describedBy={describedBy}
                  value={settings.shortcut}
                  onChange={(shortcut) => void save({ shortcut })}
                />
              )}
            </Field>
          </section>

          <section id="settings-model" className="settings-section" aria-labelledby="h-model">
            <h2 id="h-model">{t('settings.section.model')}</h2>
            <Field label={t('settings.localOnly')} hint={t('settings.localOnlyHint')} inline>
              {(id) => (
                <Switch
                  id={id}
                  label={t('settings.localOnly')}
                  checked={settings.localOnly}
                  // Gemini leaves the machine: local-only falls back to offline. The local kinds stay (servers off
                  // this machine are then refused, and the server settings say so).
                  onChange={(localOnly) =>
                    void save(
                      localOnly && settings.provider === 'gemini' ? { localOnly, provider: 'offline' } : { localOnly },
                    )
                  }
                />
              )}
            </Field>
            <ProviderChoice provider={settings.provider} localOnly={settings.localOnly} save={save} />
            {settings.provider === 'gemini' && <ApiKeyField disabled={geminiBlocked} />}
            <div className="settings-subgroup" hidden={settings.provider !== 'gemini'}>
              <TextSetting
                label={t('settings.generationModel')}
                value={settings.geminiGenerationModel}
                onSave={(v) => save({ geminiGenerationModel: v })}
              />
              <TextSetting
                label={t('settings.embeddingModel')}
                hint={t('settings.embeddingModelHint')}
                value={settings.geminiEmbeddingModel}
                onSave={(v) => save({ geminiEmbeddingModel: v })}
              />
              <NumberSetting
                label={t('settings.dimensions')}
                field="geminiDimensions"
                value={settings.geminiDimensions}
                onSave={(v) => save({ geminiDimensions: v })}
              />
            </div>
            <LocalModelsSection save={save} />
          </section>

          <section id="settings-indexing" className="settings-section" aria-labelledby="h-indexing">
            <h2 id="h-indexing">{t('settings.section.indexing')}</h2>
            <NumberSetting
              label={t('settings.chunkTokens')}
              hint={t('settings.chunkTokensHint')}
              field="chunkTokens"
              suffix={t('settings.tokensUnit')}
              value={settings.chunkTokens}
              onSave={async (v) => {
                const ok = await save({ chunkTokens: v });
                if (ok) setChunkingChanged(true);
                return ok;
              }}
            />
            <NumberSetting
              label={t('settings.chunkOverlap')}
              hint={t('settings.chunkOverlapHint')}
              field="chunkOverlap"
              suffix={t('settings.tokensUnit')}
              value={settings.chunkOverlap}
              onSave={async (v) => {
                const ok = await save({ chunkOverlap: v });
                if (ok) setChunkingChanged(true);
                return ok;
              }}
            />
            {chunkingChanged && (
              <div className="callout callout-info" role="status">
                <Icon name="info" />
                <div>
                  <p>{t('settings.reindexOffer')}</p>
                  <div className="callout-actions">
                    <Button size="sm" variant="primary" icon="refresh" busy={reindexing} onClick={() => void reindex()}>
                      {t('settings.reindexNow')}
                    </Button>
                    <Button size="sm" variant="ghost" onClick={() => setChunkingChanged(false)}>
                      {t('settings.later')}
                    </Button>
                  </div>
                </div>
              </div>
            )}
            <NumberSetting
              label={t('settings.maxFileMb')}
              field="maxFileMb"
              suffix={t('settings.mbUnit')}
              value={settings.maxFileMb}
              onSave={(v) => save({ maxFileMb: v })}
            />
            <ListSetting
              label={t('settings.include')}
              hint={t('settings.includeHint')}
              value={settings.include}
              onSave={(v) => save({ include: v })}
            />
            <ListSetting
              label={t('settings.exclude')}
              hint={t('settings.excludeHint')}
              value={settings.exclude}
              onSave={(v) => save({ exclude: v })}
            />
          </section>

          <section id="settings-ocr" className="settings-section" aria-labelledby="h-ocr">
            <h2 id="h-ocr">{t('settings.section.ocr')}</h2>
            <p className="settings-intro">{t('settings.ocrIntro')}</p>
            <OcrSettings
              value={settings.ocr}
              onSave={async (ocr) => {
                const before = settings.ocr;
                const ok = await save({ ocr });
                // The engine itself queues the scans again when OCR is turned on or its languages change.
                const requeued =
                  ocr.enabled && (!before.enabled || ocr.languages.join(',') !== before.languages.join(','));
                if (ok && requeued) toast.push('info', t('settings.ocrRequeued'));
                return ok;
              }}
            />
          </section>

          <section id="settings-search" className="settings-section" aria-labelledby="h-search">
            <h2 id="h-search">{t('settings.section.search')}</h2>
            <NumberSetting
              label={t('settings.topK')}
              hint={t('settings.topKHint')}
              field="topK"
              value={settings.topK}
              onSave={(v) => save({ topK: v })}
            />
          </section>

          <section id="settings-prompt" className="settings-section" aria-labelledby="h-prompt">
            <h2 id="h-prompt">{t('settings.section.prompt')}</h2>
            <p className="settings-intro">{t('settings.promptIntro')}</p>
            <PromptTemplateEditor
              template={settings.promptTemplate}
              onSave={(promptTemplate) => save({ promptTemplate })}
            />
          </section>

          <section id="settings-about" className="settings-section" aria-labelledby="h-about">
            <h2 id="h-about">{t('settings.section.about')}</h2>
            <dl className="about-list">
              <div>
                <dt>{t('settings.version')}</dt>
                <dd>
                  {info.name} {info.version}
                </dd>
              </div>
              <div>
                <dt>{t('settings.host')}</dt>
                <dd>{info.host === 'electron' ? `Electron ${info.electron ?? ''}` : t('settings.browserHost')}</dd>
              </div>
              <div>
                <dt>{t('settings.platform')}</dt>
                <dd>{info.platform}</dd>
              </div>
              <div>
                <dt>{t('settings.store')}</dt>
                <dd>{info.storeBackend === 'chroma' ? 'Chroma' : t('settings.embeddedStore')}</dd>
              </div>
              <div>
                <dt>{t('settings.dataDir')}</dt>
                <dd className="mono">{info.dataDir}</dd>
              </div>
              <div>
                <dt>{t('settings.chunking')}</dt>
                <dd>
                  {t('settings.chunkingNow', {
                    size: fmt.number(settings.chunkTokens),
                    overlap: fmt.number(settings.chunkOverlap),
                  })}
                </dd>
              </div>
            </dl>
          </section>
        </div>
      </div>
    </div>
  );
}
