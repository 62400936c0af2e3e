// French, the citation check (issue #16): the marks on sentences, the badge, the corrected citations and the
// inspector's sentence-by-sentence view. Kept apart so fr.ts stays readable; fr.ts spreads it in.

const pl = (n: number, one: string, other: string) => (Math.abs(n) < 2 ? one : other);

export const frCheck = {
  'check.badge': (p: { supported: number; total: number }) =>
    `${p.supported}/${p.total} ${pl(p.total, 'phrase étayée', 'phrases étayées')}`,
  'check.badgeTitle':
    "Chaque phrase de la réponse a été comparée, sans modèle, aux passages qu'elle cite : chiffres, noms, négations et mots.",
  'check.support.supported': 'Étayée',
  'check.support.partly-supported': 'Partiellement étayée',
  'check.support.not-supported': 'Non étayée',
  'check.support.no-claim': 'Rien à vérifier',
  'check.notFound': (p: { what: string; where: string; count: number }) =>
    `${p.what} ${pl(p.count, "n'apparaît", "n'apparaissent")} pas dans ${p.where}`,
  'check.negation': (p: { where: string }) => `la négation n'apparaît pas dans ${p.where}`,
  'check.opposite': (p: { word: string; where: string }) => `${p.where} dit le contraire (« ${p.word} » y est nié)`,
  'check.noSource': (p: { n: number }) => `[${p.n}] ne correspond à aucun passage`,
  'check.noCitation': 'aucune citation',
  'check.foundUncited': (p: { where: string }) => `trouvé dans ${p.where}, qui n'est pas cité`,
  'check.nothing': (p: { where: string }) => `rien dans ${p.where} ne le dit`,
  'check.thePassages': 'les passages',
  'check.flag': (p: { label: string; reason: string }) => `${p.label} : ${p.reason}`,
  'check.corrected': (p: { from: string }) => `(corrigé, était ${p.from})`,
  'check.added': '(ajoutée)',
  'check.correctedTitle': 'Lucarne a corrigé ce numéro : le passage cité ne le disait pas, celui-ci le dit.',
  'check.addedTitle': 'Lucarne a ajouté cette citation : ce passage, et lui seul, dit ce que la phrase affirme.',

  'inspector.tab.check': 'Vérification',
  'inspector.checkEmpty':
    "Pas de vérification pour cette réponse : les réponses hors ligne sont des citations exactes, et les réponses plus anciennes n'en ont pas.",
  'inspector.checkLabel': 'Vérification phrase par phrase',
  'inspector.checkSpan': (p: { n: number }) => `Dit en [${p.n}] :`,
  'inspector.checkNearest': (p: { n: number }) => `Le plus proche, en [${p.n}] :`,
  'inspector.checkRepaired': (p: { from: string; to: string }) => `Citation corrigée : ${p.from} → ${p.to}`,
  'inspector.checkAdded': (p: { to: string }) => `Citation ajoutée : ${p.to}`,
};
