# Ce qu'affichent les commandes : ruche build, check, new, init, publish, et la présentation
# des diagnostics. Les valeurs entre accents graves sont les particularités d'un message :
# `ruche check` regroupe les messages qui ne diffèrent que par elles.

diagnostic-error = erreur
diagnostic-warning = avertissement
diagnostic-hint = conseil : { $hint }
diagnostic-group = ── { $count } × { $label } : { $kind }
diagnostic-more = … et { $count } autres du même genre (`ruche check --verbose` les montre toutes)

count-errors = { $count ->
    [one] { $count } erreur
   *[other] { $count } erreurs
}
count-warnings = { $count ->
    [one] { $count } avertissement
   *[other] { $count } avertissements
}
count-files = { $count ->
    [one] { $count } fichier
   *[other] { $count } fichiers
}
count-pages = { $count ->
    [one] { $count } page
   *[other] { $count } pages
}
count-sections = { $count ->
    [one] { $count } rubrique
   *[other] { $count } rubriques
}
counts-none = aucun problème
counts-both = { $errors } et { $warnings }
counts-in-files = { $what } dans { $files }

failed-nothing-written = { $counts } : rien n’a été écrit.
failed-publish-stopped = { $counts } : la publication s’est arrêtée.

check-fix-errors = { $counts } : corrigez les erreurs avant de publier.
check-warnings-only = Aucune erreur, { $counts } : { $pages } et { $sections } vérifiées.
check-clean = Aucun problème : { $pages } et { $sections } vérifiées.

build-summary = Site construit : { $pages }, { $sections }, { $files } en { $time } → { $dest }
build-next-scheduled = Prochaine page programmée : { $file } sera en ligne le { $day } ; il faudra reconstruire le site ce jour-là (`ruche init --ci` prépare une reconstruction quotidienne).

stage-starting = Démarrage
stage-reading = Lecture
stage-markdown = Markdown
stage-preparing = Préparation
stage-rendering = Écriture

new-written = Écrit : { $file }
new-next = Ensuite : ouvrez-le dans votre éditeur de texte, écrivez, puis voyez-le avec `ruche serve --drafts`.
init-ready = Un nouveau site est prêt dans { $dir }
init-next = Ensuite : `cd { $dir }` puis `ruche serve` pour le voir dans votre navigateur.
init-ci-next = Ensuite : ajoutez `publish: {"{"}to: sftp://utilisateur@hote/chemin{"}"}` à site.yaml, et les secrets que liste le fichier au coffre à secrets de votre CI (docs/publishing.md).

publish-bar = Publication
publish-bar-files = { $done }/{ $files } fichiers

new-no-name = donnez un nom au nouvel article, comme `ruche new actualites/mon-article`
new-exists = ce fichier existe déjà ; il n’a pas été modifié
new-exists-hint = choisissez un autre nom, ou ouvrez le fichier existant pour le modifier
init-not-empty = le dossier `{ $dir }` n’est pas vide ; rien n’a été écrit
init-not-empty-hint = choisissez un nouveau nom de dossier, ou ajoutez --force pour écrire le site dans ce dossier quand même
