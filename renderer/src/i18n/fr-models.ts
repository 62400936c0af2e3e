// French, local models (issue #13): the provider kinds, the models found, added and downloaded, the server
// kinds, the test and the re-embedding. Kept apart so fr.ts stays readable; fr.ts spreads it in.

const pl = (n: number, one: string, other: string) => (Math.abs(n) < 2 ? one : other);

export const frModels = {
  'models.providerHint': 'Qui rédige les réponses et calcule les vecteurs de la recherche par le sens.',
  'models.kind.gemini': 'Gemini',
  'models.kind.local': 'Modèle local (GGUF)',
  'models.kind.localHint':
    'Un fichier GGUF exécuté par Lucarne sur cet ordinateur : rien ne quitte la machine. Demande quelques Go de mémoire.',
  'models.kind.ollama': 'Ollama',
  'models.kind.ollamaHint': "Les modèles d'Ollama, s'il est installé et lancé sur cet ordinateur.",
  'models.kind.openai': 'Serveur compatible OpenAI',
  'models.kind.openaiHint': 'LM Studio, llama-server, Jan, LocalAI, vLLM… : un serveur qui parle le protocole OpenAI.',

  'models.chosenTitle': 'Modèles utilisés',
  'models.forAnswers': 'Pour les réponses',
  'models.forSearch': 'Pour la recherche',
  'models.noChatModel': 'Aucun : réponses extractives hors ligne',
  'models.noEmbedModel': 'Aucun : vecteurs hors ligne intégrés',
  'models.stopUsing': 'Ne plus utiliser',
  'models.actionOn': (p: { action: string; name: string }) => `${p.action} : ${p.name}`,

  'models.foundTitle': 'Modèles sur cet ordinateur',
  'models.listSummary': (p: { count: number; free: string }) =>
    `${p.count} ${pl(p.count, 'modèle trouvé', 'modèles trouvés')} · ${p.free} de mémoire libre`,
  'models.listCount': (p: { count: number }) => `${p.count} ${pl(p.count, 'modèle trouvé', 'modèles trouvés')}`,
  'models.rescan': 'Rechercher à nouveau',
  'models.listFailed': (p: { reason: string }) => `Impossible de lister les modèles : ${p.reason}`,
  'models.noneFound':
    'Aucun modèle GGUF trouvé dans les dossiers de LM Studio, GPT4All, Jan, Ollama ou Hugging Face. Téléchargez-en un ci-dessous, ou ajoutez un fichier .gguf que vous avez déjà.',
  'models.listLabel': 'Modèles trouvés',
  'models.role.chat': 'Discussion',
  'models.role.embedding': 'Embedding',
  'models.usedForChat': 'Réponses',
  'models.usedForSearch': 'Recherche',
  'models.parameters': (p: { n: string }) => `${p.n} paramètres`,
  'models.context': (p: { n: string }) => `contexte ${p.n}`,
  'models.dimensions': (p: { n: string }) => `vecteurs de ${p.n}`,
  'models.memory': (p: { need: string; free: string }) => `Mémoire nécessaire ≈ ${p.need} (${p.free} libres)`,
  'models.tooBig': 'Mémoire insuffisante',
  'models.tooBigHint':
    "Ce modèle demande plus de mémoire qu'il n'en reste : fermez des applications, réduisez la taille du contexte ou choisissez un modèle plus petit.",
  'models.source.lucarne': 'Téléchargé par Lucarne',
  'models.source.added': 'Ajouté par vous',
  'models.source.folder': 'Dossier de modèles',
  'models.useForChat': 'Utiliser pour les réponses',
  'models.useForSearch': 'Utiliser pour la recherche',
  'models.embeddingNotForChat': "Un modèle d'embedding calcule des vecteurs ; il ne sait pas rédiger de réponse.",
  'models.forget': 'Retirer de la liste',
  'models.error.notGguf': "Ce fichier n'est pas un modèle GGUF.",
  'models.error.truncated':
    'Ce fichier est incomplet (téléchargement ou copie interrompus ?). Téléchargez-le à nouveau.',
  'models.error.unreadable': 'Ce fichier est introuvable ou illisible (déplacé, supprimé, droits d’accès ?).',
  'models.error.corrupt':
    "Ce fichier GGUF est endommagé, ou d'une version que Lucarne ne sait pas lire. Téléchargez-le à nouveau.",
  'models.error.notAModel':
    'Ce fichier accompagne un modèle (projecteur de vision « mmproj ») : il ne sert pas seul. Choisissez le fichier .gguf du modèle.',

  'models.addLabel': 'Ajouter un fichier GGUF',
  'models.dropHint': 'Ou déposez un fichier .gguf sur cette section.',
  'models.dropHere': 'Déposez le fichier .gguf pour l’ajouter',
  'models.dropNotGguf': (p: { name: string }) =>
    `« ${p.name} » n'est pas un modèle GGUF : seuls les fichiers .gguf sont acceptés.`,
  'models.browserNoPath': (p: { name: string }) =>
    `Le navigateur ne donne pas l'emplacement des fichiers déposés : saisissez le chemin complet de « ${p.name} ».`,
  'models.pathFor': (p: { name: string }) => `Chemin complet de ${p.name}`,
  'models.pathPlaceholder': '/chemin/vers/modele.gguf',
  'models.chooseFile': 'Choisir un fichier…',
  'models.add': 'Ajouter',
  'models.added': (p: { name: string }) => `Modèle ajouté : ${p.name}`,
  'models.addedBroken': (p: { reason: string }) => `Le fichier a été ajouté mais ne peut pas servir : ${p.reason}`,
  'models.addFailed': (p: { reason: string }) => `Ce modèle n'a pas pu être ajouté : ${p.reason}`,

  'models.catalogTitle': 'Télécharger un modèle',
  'models.catalogIntro':
    'Une courte sélection pour commencer. Les fichiers vont dans le dossier des modèles de Lucarne ; un téléchargement interrompu reprend où il s’était arrêté.',
  'models.catalogFailed': (p: { reason: string }) => `Catalogue indisponible : ${p.reason}`,
  'models.catalogChat': 'Pour rédiger les réponses',
  'models.catalogEmbedding': 'Pour la recherche par le sens',
  'models.catalogSize': (p: { size: string }) => `${p.size} à télécharger`,
  'models.catalogRam': (p: { gb: string }) => `pour ${p.gb} Go de RAM et plus`,
  'models.licence': (p: { licence: string }) => `licence ${p.licence}`,
  'models.french.good': 'Bon en français',
  'models.french.fair': 'Français correct',
  'models.french.poor': 'Faible en français',
  'models.downloaded': 'Téléchargé',
  'models.notVerified': 'Non vérifié',
  'models.notVerifiedHint':
    "Aucune empreinte SHA-256 publiée pour ce fichier : Lucarne ne peut pas vérifier qu'il est intact.",
  'models.download': 'Télécharger',
  'models.resume': 'Reprendre',
  'models.cancelDownload': 'Annuler le téléchargement',
  'models.downloadLabel': (p: { name: string }) => `Téléchargement de ${p.name}`,
  'models.downloadChecking': 'Vérification de la place disponible…',
  'models.downloadVerifying': 'Vérification du fichier (sha256)…',
  'models.downloadProgress': (p: { done: string; total: string; rate: string }) =>
    `${p.done} / ${p.total} · ${p.rate}/s`,
  'models.downloadCancelled': (p: { done: string; total: string }) =>
    `Téléchargement interrompu à ${p.done} / ${p.total}. « Reprendre » repart de là.`,
  'models.downloadFailed': (p: { reason: string }) => `Échec du téléchargement : ${p.reason}`,

  'models.optionsTitle': 'Mémoire',
  'models.contextSize': 'Taille du contexte',
  'models.contextSizeHint':
    'Tokens réservés pour la question et les passages (au plus celui du modèle). Plus grand : plus de passages, plus de mémoire.',
  'models.idleUnload': 'Libérer la mémoire après',
  'models.idleUnloadHint': 'Un modèle inutilisé pendant ce temps est déchargé ; il se recharge à la question suivante.',
  'models.minutesUnit': 'min',
  'models.queryPrefix': 'Préfixe des questions',
  'models.queryPrefixHint':
    'Texte ajouté devant chaque question avant son embedding (par exemple « query: »). Vide : celui de la famille du modèle.',
  'models.documentPrefix': 'Préfixe des passages',
  'models.documentPrefixHint':
    'Texte ajouté devant chaque passage indexé (par exemple « passage: »). Le modifier recalcule les vecteurs.',
  'models.prefixDefault': 'Celui de la famille du modèle',

  'models.baseUrl': 'Adresse du serveur',
  'models.baseUrlOllamaHint': 'Par défaut, Ollama écoute sur http://127.0.0.1:11434.',
  'models.baseUrlOpenaiHint':
    "L'adresse de l'API, /v1 compris (LM Studio : http://127.0.0.1:1234/v1, llama-server : http://127.0.0.1:8080/v1).",
  'models.badUrl': 'Saisissez une adresse complète, commençant par http:// ou https://.',
  'models.notLoopback': (p: { url: string }) =>
    `${p.url} n'est pas sur cet ordinateur. En mode local uniquement, Lucarne ne s'y connecte pas : utilisez localhost ou 127.0.0.1, ou désactivez le mode local uniquement.`,
  'models.serverDown': (p: { name: string; reason: string }) => `${p.name} ne répond pas : ${p.reason}`,
  'models.serverDownOllama': "Vérifiez qu'Ollama est lancé (ollama serve) et que l'adresse est la bonne.",
  'models.serverDownOpenai': "Vérifiez que le serveur est lancé et que l'adresse se termine par /v1.",
  'models.chatModel': 'Modèle pour les réponses',
  'models.chatModelHint': 'Un modèle de discussion du serveur.',
  'models.embedModel': 'Modèle pour la recherche',
  'models.embedModelHint': "Un modèle d'embedding du serveur. En changer recalcule les vecteurs de la bibliothèque.",
  'models.noneOffline': 'Aucun (hors ligne)',
  'models.notOnServer': (p: { name: string }) => `${p.name} (absent du serveur)`,
  'models.refreshServer': 'Actualiser la liste',
  'models.contextWindow': 'Fenêtre de contexte',
  'models.contextWindowHint':
    'Le protocole OpenAI ne donne pas la taille du contexte du modèle : indiquez-la (elle fixe la place des passages).',

  'models.test': 'Essayer les modèles',
  'models.testHint': 'Calcule un vecteur et rédige une courte réponse avec les modèles choisis, chronomètre en main.',
  'models.testRun': 'Tester',
  'models.testFailed': (p: { reason: string }) => `Le test n'a pas pu être lancé : ${p.reason}`,
  'models.testResults': 'Résultats du test',
  'models.testEmbed': 'Recherche (embedding)',
  'models.testEmbedOk': (p: { dim: string; time: string }) => `Vecteur de ${p.dim} dimensions en ${p.time}`,
  'models.testChat': 'Réponse',
  'models.testChatOk': (p: { first: string; total: string }) => `Premier mot après ${p.first}, ${p.total} en tout`,
  'models.ms': (p: { n: string }) => `${p.n} ms`,

  'reembed.running': 'Recalcul des vecteurs de la bibliothèque pour le nouveau modèle',
  'reembed.switching': 'Passage au nouveau modèle…',
  'reembed.short': 'Vecteurs',
  'reembed.searchKeepsOld': "La recherche utilise l'ancien modèle jusqu'à la fin du recalcul.",
  'reembed.count': (p: { done: string; total: string }) => `${p.done} / ${p.total} passages`,
  'reembed.progressLabel': 'Progression du recalcul des vecteurs',
  'reembed.failed': 'Le recalcul des vecteurs a échoué',
  'reembed.failedShort': 'Recalcul des vecteurs échoué',
  'reembed.failedKept': "Rien n'est perdu : la recherche continue avec l'ancien modèle.",
  'reembed.code.local-only':
    "Le mode local uniquement interdit ce modèle : son adresse n'est pas sur cet ordinateur. Utilisez localhost ou 127.0.0.1, ou désactivez le mode local uniquement.",
  'reembed.code.not-running': "Le serveur de modèles ne répond pas à cette adresse : lancez-le, ou corrigez l'adresse.",
  'reembed.code.model-missing':
    "Ce modèle n'est pas installé sur le serveur : installez-le (ollama pull …) ou choisissez-en un autre.",
  'reembed.code.not-found': 'Le fichier du modèle est introuvable : il a peut-être été déplacé ou supprimé.',
  'reembed.code.not-gguf': "Ce fichier n'est pas un modèle GGUF.",
  'reembed.code.corrupt': 'Ce fichier GGUF est abîmé ou incomplet : téléchargez-le à nouveau.',
  'reembed.code.too-big':
    "Ce modèle demande plus de mémoire qu'il n'en reste : fermez d'autres programmes ou choisissez un modèle plus petit.",
  'reembed.detail': (p: { detail: string }) => `Détail : ${p.detail}`,
  'reembed.done': (p: { total: string }) =>
    `Vecteurs recalculés (${p.total} passages) : la recherche utilise maintenant le nouveau modèle.`,
  'reembed.cancelled': "Recalcul des vecteurs interrompu : la recherche garde l'ancien modèle.",
};
